"""Benefits and business case: decide on gains before the board decides, then follow them
until they are real (gevinster, gevinstrealisering og nytte-kost-analyse)."""
