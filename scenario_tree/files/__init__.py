"""Reading and writing other programs' files: SilverDecisions JSON and Gambit extensive-form games."""
