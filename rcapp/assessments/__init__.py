"""Self-assessments: one organisation's answers for one cycle against a pinned rubric."""
