"""WSGI entry point: `gunicorn wsgi:app`."""

from rcapp import create_app

app = create_app()
