package sdk

// ProfilesService reads profiles (/settings/profiles).
type ProfilesService service
