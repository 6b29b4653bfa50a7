"""After rendering: booklet imposition and safe writing of the finished PDF."""
