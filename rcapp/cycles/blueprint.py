"""The "cycles" blueprint, shared by the cycle pages and the per-organisation pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("cycles", __name__, url_prefix="/cycles")
