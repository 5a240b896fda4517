package sdk

// CustomViewsService reads and changes custom views (/settings/custom_views).
type CustomViewsService service
