// The "product" starter layout, in English, Vietnamese and Thai.
import { block, footer, type PageLocale, type Starter, theme } from "./kit.ts";
import type { Block } from "../../blocks.ts";

const COPY = {
  en: {
    headline: "Meet the Aero Bottle",
    sub: "Keeps drinks cold for 24 hours. Weighs less than your phone.",
    buy: "Buy now — $39",
    featuresTitle: "Designed for adventure",
    features: [["❄️", "24h cold"], ["🔥", "12h hot"], ["🪶", "180 g"], ["♻️", "Recycled steel"]],
    reviews: "Reviews",
    buyer: "Verified buyer",
    quotes: [
      ["Survived a week of hiking.", "Alex K."],
      ["Still ice-cold at the end of a day on the beach.", "Rina M."],
      ["Light enough that I forget it's in my bag.", "Tom B."],
    ],
    ctaHeadline: "Ready for your next trip?",
    ctaText: "Free shipping and 30-day returns.",
    ctaButton: "Buy the Aero",
  },
  vi: {
    headline: "Bình giữ nhiệt Aero",
    sub: "Giữ lạnh suốt 24 giờ. Nhẹ hơn cả chiếc điện thoại của bạn.",
    buy: "Mua ngay — 890.000 ₫",
    featuresTitle: "Thiết kế cho mọi chuyến đi",
    features: [["❄️", "Giữ lạnh 24 giờ"], ["🔥", "Giữ nóng 12 giờ"], ["🪶", "Chỉ 180 g"], [
      "♻️",
      "Thép tái chế",
    ]],
    reviews: "Đánh giá",
    buyer: "Đã mua hàng",
    quotes: [
      ["Vẫn bền bỉ sau một tuần leo núi.", "Ngọc Trâm"],
      ["Cuối ngày ở biển mà nước vẫn mát lạnh.", "Minh Khoa"],
      ["Nhẹ đến mức tôi quên mất nó đang ở trong túi.", "Thu Trang"],
    ],
    ctaHeadline: "Sẵn sàng cho chuyến đi tiếp theo?",
    ctaText: "Miễn phí giao hàng và đổi trả trong 30 ngày.",
    ctaButton: "Mua bình Aero",
  },
  th: {
    headline: "พบกับขวดน้ำ Aero",
    sub: "เก็บความเย็นได้ 24 ชั่วโมง เบากว่าโทรศัพท์ของคุณ",
    buy: "ซื้อเลย — ฿1,290",
    featuresTitle: "ออกแบบมาเพื่อการผจญภัย",
    features: [["❄️", "เย็นนาน 24 ชม."], ["🔥", "ร้อนนาน 12 ชม."], ["🪶", "หนักเพียง 180 กรัม"], [
      "♻️",
      "เหล็กรีไซเคิล",
    ]],
    reviews: "รีวิวจากลูกค้า",
    buyer: "ผู้ซื้อที่ยืนยันแล้ว",
    quotes: [
      ["ทนทานตลอดการเดินป่าหนึ่งสัปดาห์", "ณัฐ ก."],
      ["อยู่ชายหาดทั้งวัน น้ำยังเย็นเจี๊ยบ", "รินรดา ม."],
      ["เบาจนลืมไปเลยว่าอยู่ในกระเป๋า", "ต้น บ."],
    ],
    ctaHeadline: "พร้อมสำหรับทริปถัดไปหรือยัง",
    ctaText: "ส่งฟรีและคืนสินค้าได้ภายใน 30 วัน",
    ctaButton: "ซื้อขวด Aero",
  },
} satisfies Record<PageLocale, unknown>;

export default {
  id: "product",
  name: "Product",
  description: "A physical product with gallery, features, reviews and a buy call to action.",
  content: (locale: PageLocale = "en") => {
    const c = COPY[locale];
    return {
      theme: theme("#c2410c"),
      locale,
      blocks: [
        block("hero", {
          headline: c.headline,
          subheadline: c.sub,
          ctaText: c.buy,
          ctaHref: "#buy",
        }),
        block("features", {
          title: c.featuresTitle,
          columns: 4,
          items: c.features.map(([icon, title]) => ({ icon, title })),
        }),
        block("testimonials", {
          title: c.reviews,
          items: c.quotes.map(([quote, author]) => ({ quote, author, role: c.buyer })),
        }),
        {
          ...block("cta", {
            headline: c.ctaHeadline,
            text: c.ctaText,
            buttonText: c.ctaButton,
            buttonHref: "#",
          }),
          id: "buy",
        } as Block,
        footer("Aero Gear", [], locale),
      ],
    };
  },
} satisfies Starter;
