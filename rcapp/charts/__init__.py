"""Charts drawn on the server as SVG from plain data, for pages and PDFs alike."""
