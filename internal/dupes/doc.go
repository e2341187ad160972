package dupes
