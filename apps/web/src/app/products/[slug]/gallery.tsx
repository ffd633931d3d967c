"use client";
import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { NoImage } from "../../../components/no-image";

interface Image {
  url: string;
  alt: string;
}

/**
 * The product's images with the chosen variant's own image first (the variant is ?variant= in the address, set
 * by the option pickers). The thumbnails are buttons: choosing one shows it large, and the large image keeps its
 * alt text, so the gallery works by keyboard and screen reader alike.
 */
export function Gallery({
  images,
  productName,
  variantImages,
  initialVariantId,
}: {
  images: Image[];
  productName: string;
  /** Variant id → its image URL (one of `images`), or null. */
  variantImages: Record<string, string | null>;
  initialVariantId: string | null;
}) {
  const variantId = useSearchParams().get("variant") ?? initialVariantId;
  const variantImage = variantId ? variantImages[variantId] : null;
  const ordered = variantImage
    ? [...images.filter((i) => i.url === variantImage), ...images.filter((i) => i.url !== variantImage)]
    : images;
  const [shown, setShown] = useState(0);
  // Another variant: its image comes first, and is what is shown.
  useEffect(() => setShown(0), [variantImage]);
  const main = ordered[shown] ?? ordered[0];

  return (
    <div className="product-images">
      {main ? (
        <img src={main.url} alt={main.alt || productName} width={400} height={400} className="main-image" />
      ) : (
        <NoImage className="main-image" />
      )}
      {ordered.length > 1 && (
        <ul className="thumbs" aria-label="More images">
          {ordered.map((image, i) => (
            <li key={image.url}>
              <button type="button" className="thumb" aria-pressed={i === shown} onClick={() => setShown(i)}>
                <img src={image.url} alt={`Show ${image.alt || productName}`} width={96} height={96} loading="lazy" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
