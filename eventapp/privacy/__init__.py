"""Personal data: what a participant can take with them, and forgetting it when it is no longer needed."""
