"""The configuration management database as a graph: typed dependencies between assets and
services, the cycles in them, and what is affected when one item fails."""
