"""inputs step of the pipeline."""
