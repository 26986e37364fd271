"""Web API and embeddable chat widget for the legal assistant.

``api.app.create_app()`` builds the FastAPI application; ``api.app:app`` is the module-level instance
for ``uvicorn api.app:app``. The widget (``api/static/widget.js``) is served by the same app.
"""
