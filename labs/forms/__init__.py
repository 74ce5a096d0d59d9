"""Forms of the Labs pages for companies and labs staff. They check the shape of what was typed;
the services (``labs.services``) decide and write."""
