"""copydesk: lint articles for machine-writing defects; find near-duplicate articles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("copydesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
