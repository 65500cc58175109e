"""opsbook: records-as-code for IT service management and project management."""

__version__ = "0.1.0"
