"""Web API and embeddable chat widget for the legal assistant.

``api.app.create_app()`` builds the FastAPI application; ``api.app:app`` is the module-level instance
for ``uvicorn api.app:app``. The widget (``api/widget/widget.js``) and its demo page are served by the same app;
see ``api/app.py`` for the routes and the modules each concern lives in.
"""
