"""The code-generation pipeline: sample, filter, test, repair, select — recorded and resumable."""

from codebudget.pipeline.config import PipelineConfig, build_config
from codebudget.pipeline.runner import RunSummary, run_config, summarize_run

__all__ = ["PipelineConfig", "RunSummary", "build_config", "run_config", "summarize_run"]
