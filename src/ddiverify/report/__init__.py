"""report step of the pipeline."""
