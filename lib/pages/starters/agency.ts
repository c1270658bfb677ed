// The "agency" starter layout, in English, Vietnamese and Thai.
import {
  block,
  footer,
  formAnchor,
  type PageLocale,
  signupForm,
  type Starter,
  theme,
} from "./kit.ts";

const COPY = {
  en: {
    headline: "We build brands people remember",
    sub: "Strategy, identity and websites for ambitious companies.",
    cta: "Start a project",
    services: "Services",
    items: [
      ["Brand strategy", "Positioning that sets you apart."],
      ["Visual identity", "Logos, type and colour systems."],
      ["Web design", "Sites that convert visitors into clients."],
    ],
    quotesTitle: "Clients say",
    quotes: [
      ["They understood us better than we did.", "Sam Lee", "CEO, Northwind"],
      [
        "Our new site paid for itself within a quarter.",
        "Dana Whitfield",
        "Marketing director, Fieldstone",
      ],
      [
        "A clear process, no surprises, and a brand we're proud of.",
        "Omar Haddad",
        "Founder, Kiln & Co",
      ],
    ],
    formTitle: "Tell us about your project",
    submit: "Send",
    contact: "Contact",
  },
  vi: {
    headline: "Chúng tôi xây dựng thương hiệu khiến người ta nhớ mãi",
    sub: "Chiến lược, nhận diện và website cho những doanh nghiệp nhiều hoài bão.",
    cta: "Bắt đầu dự án",
    services: "Dịch vụ",
    items: [
      ["Chiến lược thương hiệu", "Định vị giúp bạn khác biệt."],
      ["Nhận diện thương hiệu", "Logo, kiểu chữ và hệ thống màu sắc."],
      ["Thiết kế website", "Website biến khách truy cập thành khách hàng."],
    ],
    quotesTitle: "Khách hàng nói gì",
    quotes: [
      [
        "Họ hiểu chúng tôi còn rõ hơn chính chúng tôi.",
        "Phạm Gia Huy",
        "Giám đốc điều hành, Gió Bắc",
      ],
      [
        "Website mới đã tự hoàn vốn chỉ trong một quý.",
        "Đỗ Thanh Hương",
        "Giám đốc marketing, Đồng Xanh",
      ],
      [
        "Quy trình rõ ràng, không bất ngờ, và một thương hiệu chúng tôi tự hào.",
        "Võ Đức Thắng",
        "Nhà sáng lập, Lò Gốm Việt",
      ],
    ],
    formTitle: "Kể cho chúng tôi về dự án của bạn",
    submit: "Gửi",
    contact: "Liên hệ",
  },
  th: {
    headline: "เราสร้างแบรนด์ที่ผู้คนจดจำ",
    sub: "กลยุทธ์ อัตลักษณ์ และเว็บไซต์สำหรับธุรกิจที่มุ่งมั่นเติบโต",
    cta: "เริ่มโปรเจกต์",
    services: "บริการของเรา",
    items: [
      ["กลยุทธ์แบรนด์", "วางตำแหน่งให้คุณโดดเด่นกว่าใคร"],
      ["อัตลักษณ์ทางภาพ", "โลโก้ ตัวอักษร และระบบสี"],
      ["ออกแบบเว็บไซต์", "เว็บไซต์ที่เปลี่ยนผู้เข้าชมให้เป็นลูกค้า"],
    ],
    quotesTitle: "เสียงจากลูกค้า",
    quotes: [
      ["พวกเขาเข้าใจเราดีกว่าที่เราเข้าใจตัวเอง", "ธนพล วงศ์สวัสดิ์", "ประธานเจ้าหน้าที่บริหาร, นอร์ทวินด์"],
      ["เว็บไซต์ใหม่คืนทุนได้ภายในไตรมาสเดียว", "ดารุณี ทองดี", "ผู้อำนวยการฝ่ายการตลาด, ฟิลด์สโตน"],
      ["ขั้นตอนชัดเจน ไม่มีเรื่องให้ตกใจ และได้แบรนด์ที่เราภูมิใจ", "อนันต์ แก้วมณี", "ผู้ก่อตั้ง, คิลน์แอนด์โค"],
    ],
    formTitle: "เล่าให้เราฟังเกี่ยวกับโปรเจกต์ของคุณ",
    submit: "ส่ง",
    contact: "ติดต่อเรา",
  },
} satisfies Record<PageLocale, unknown>;

export default {
  id: "agency",
  name: "Agency",
  description: "Services, portfolio gallery, client quotes and a contact form.",
  content: (locale: PageLocale = "en") => {
    const c = COPY[locale];
    return {
      theme: theme("#111827", { font: "serif", spacing: "relaxed" }),
      locale,
      blocks: [
        block("hero", {
          headline: c.headline,
          subheadline: c.sub,
          ctaText: c.cta,
          ctaHref: formAnchor("contact"),
          align: "left",
        }),
        block("features", {
          title: c.services,
          columns: 3,
          items: c.items.map(([title, text]) => ({ title, text })),
        }),
        block("testimonials", {
          title: c.quotesTitle,
          items: c.quotes.map(([quote, author, role]) => ({ quote, author, role })),
        }),
        signupForm("contact", c.formTitle, c.submit, { b2b: true, company: true, locale }),
        footer("Studio North", [{ label: c.contact, href: formAnchor("contact") }], locale),
      ],
    };
  },
} satisfies Starter;
