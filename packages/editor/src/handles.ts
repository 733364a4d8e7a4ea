/** Screen pixels within which a vertex or a closing point counts as hit. */
export const HANDLE_RADIUS_PX = 8;
/** Midpoint (insert-vertex) handles exist on segments at least this long on screen. */
export const MIDPOINT_MIN_SEGMENT_PX = 24;
