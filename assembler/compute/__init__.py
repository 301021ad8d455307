"""Computing the reports from what was read: checking who sent what, the figures with their
sources, the relations between them, the narrative parts, and what a template may print.

`assembly.assemble_reports` is the pipeline, step by step: `submissions` (who sent what),
`figures` (every figure once, last year's beside it), `checks` (relations), `narrative`
(文字材料 into parts), `places` (another place's words), `context` (what a template may use).

May import: `model`, `reading`.
"""
