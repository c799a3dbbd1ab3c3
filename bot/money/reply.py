"""How the money cogs answer: the shared ``private`` option text and one reply helper."""

from __future__ import annotations

from typing import Any

import discord

PRIVATE = "Only you see the answer (default: everyone in the channel)"


async def respond(
    interaction: discord.Interaction[Any],
    embed: discord.Embed,
    private: bool,
    *,
    view: discord.ui.View | None = None,
) -> None:
    """Send ``embed`` as the answer, whether or not the interaction was deferred for slow work."""
    if interaction.response.is_done():
        if view is None:
            await interaction.edit_original_response(embed=embed)
        else:
            await interaction.edit_original_response(embed=embed, view=view)
    elif view is None:
        await interaction.response.send_message(embed=embed, ephemeral=private)
    else:
        await interaction.response.send_message(embed=embed, view=view, ephemeral=private)
