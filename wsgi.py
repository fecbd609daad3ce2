"""WSGI entry point: `gunicorn --preload wsgi:app` (docs/deployment.md, section 5).

The app is warmed up here (rcapp/warmup.py), before gunicorn hands it any request: with
`--preload` once in the master, before the workers are forked, else in each worker as it
starts. A forked worker drops the database connections it inherited. Settings that
contradict each other (rcapp/settings_check.py) are logged as warnings first.
"""

from rcapp import create_app, queue
from rcapp.queue_words import queue_url_both
from rcapp.settings_check import start_warnings
from rcapp.warmup import dispose_engine_after_fork, warm_up

if queue.url_problem:  # one line, not a traceback (QA43 D5)
    raise SystemExit(f"rcapp: {queue_url_both(queue.url_problem)}")
app = create_app()
for warning in start_warnings(app.config):
    app.logger.warning(warning)
app.logger.info(warm_up(app).summary())
dispose_engine_after_fork(app)
