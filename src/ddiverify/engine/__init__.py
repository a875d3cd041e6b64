"""engine step of the pipeline."""
