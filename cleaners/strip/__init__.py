"""Strip stage for text dumps: lines scored, the article found inside the chrome."""
