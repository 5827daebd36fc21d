"""URL lists of the landscapes app: ``workspace`` (mounted at
/p/<partnership_slug>/landscapes/, namespace "landscapes") and ``public`` (mounted at
/landscapes/, namespace "landscapes-public")."""
