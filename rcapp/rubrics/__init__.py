"""Rubrics: the versioned YAML documents that companies and parks answer."""
