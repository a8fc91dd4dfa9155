"""Domain logic: plain functions taking validated data and owning the commits."""
