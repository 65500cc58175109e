"""The site's model: addresses, history, field help and queries; no text output."""
