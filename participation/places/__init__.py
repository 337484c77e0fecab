"""Geography: the district, its municipalities and their Quartiere; the public start,
municipality, language and statement pages."""
