"""harness step of the pipeline."""
