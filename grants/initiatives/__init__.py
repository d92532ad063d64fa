"""Local initiative (art. 19b-19h): residents' applications, contributions, scoring, agreement."""
