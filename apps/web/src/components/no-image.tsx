/**
 * Stands in for a product photo that does not exist: a picture outline and the words, so the gap reads as "no
 * photo" rather than as an image that failed to load. Decorative for assistive technology (the product's name is
 * right next to it).
 */
export function NoImage({ className }: { className?: string }) {
  return (
    <span className={className ? `no-image ${className}` : "no-image"} aria-hidden="true">
      <svg viewBox="0 0 24 24" width="40" height="40" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round">
        <rect x="3" y="4" width="18" height="16" rx="2" />
        <circle cx="9" cy="10" r="2" />
        <path d="m21 16-5-5-9 9" />
      </svg>
      <span className="no-image-text">No photo</span>
    </span>
  );
}
