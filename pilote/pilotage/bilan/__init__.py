"""The bilan annuel du numérique for the conseil d'administration (PDF and DOCX), its sharing
with the collectivité and the académie, and the académie's bilan of all its schools."""
