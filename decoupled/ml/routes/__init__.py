"""The ML service's routes, one module per tag."""
