"""One module per screen or modal. Screens talk to the backend only through ``api_client``."""
