"""Municipal resources (P2.A2): rooms, equipment and public spaces lent to NGOs for public tasks."""
