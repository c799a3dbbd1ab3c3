"""Money answers: gift catalogue, coins/diamonds/payout maths, likes relation, tips (/estimate, /gift, /likes, /tips, /config rates and gifts)."""
