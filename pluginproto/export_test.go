package pluginproto

// LeaveOrphansToServe stops Launch from asking the kernel to end plugins
// whose host dies, so that a test sees Serve's own watch at work.
func LeaveOrphansToServe() { kernelEndsOrphans = false }
