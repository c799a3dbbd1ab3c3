"""Help and about (/help, /about), built from the command tree."""
