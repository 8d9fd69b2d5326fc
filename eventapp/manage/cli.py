"""Back-office commands for worker processes."""
