"""The monolith's views, one blueprint per page family: catalog, courses, categories."""
