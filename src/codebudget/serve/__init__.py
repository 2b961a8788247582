"""``codebudget serve``: an OpenAI-compatible server that answers code requests with the budgeted pipeline.

:mod:`.detect` decides whether a request asks for code, :mod:`.engine` owns the model and
the queue, :mod:`.protocol` holds the API's shapes and :mod:`.app` the HTTP routes.
"""
