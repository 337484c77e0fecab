"""Geography: the district, its municipalities and their Quartiere."""
