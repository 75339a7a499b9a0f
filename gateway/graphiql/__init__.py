"""GraphiQL served from the gateway's own assets: the page, its example tabs and the bundles."""
