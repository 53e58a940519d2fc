"""Session records, the on-disk store, report export and cross-session trends."""
