"""A questionnaire's overview for organisers: responses per Quartier against targets, per day."""
