-- Per-task look-ups (exports are grouped by task; pools are loaded task by task).

CREATE INDEX generations_by_task ON generations (benchmark, task_id);
CREATE INDEX extractions_by_task ON extractions (benchmark, task_id);
CREATE INDEX executions_by_task ON executions (benchmark, task_id);
CREATE INDEX task_results_by_task ON task_results (benchmark, task_id);
CREATE INDEX selections_by_task ON selections (benchmark, task_id);
