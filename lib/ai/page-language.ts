// The page generator in Vietnamese and Thai: which language a description is written in, how a
// Vietnamese or Thai description is read (its name, claim and listed features), and the words the
// generator itself adds to a page, in each language. English keeps its own reader (generate.ts).
import type { PageLocale } from "../pages/starters/kit.ts";

/**
 * Letters only Vietnamese uses among Latin scripts (đ, ă, ơ, ư, the hook above, the dot below and
 * the circumflex vowels with a tone): "café" or "São Paulo" stay English, "Đà Nẵng" does not.
 */
const VIETNAMESE = /[đăơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
const THAI = /[\u0E01-\u0E5B]/;

/** The language a description is written in, when its letters say so (else null). */
export function detectPageLocale(text: string): PageLocale | null {
  const letters = text.normalize("NFC");
  if (THAI.test(letters)) return "th";
  if (VIETNAMESE.test(letters)) return "vi";
  return null;
}

/** How Gemini's system prompt names the page's language. */
export const LANGUAGE_PROMPT: Record<PageLocale, string> = {
  en: "Write every text of the page in English.",
  vi: "Write every text of the page in Vietnamese (tiếng Việt, with all its diacritics), as a " +
    "Vietnamese marketer would; keep only brand names in other languages.",
  th: "Write every text of the page in Thai (ภาษาไทย), as a Thai marketer would; keep only " +
    "brand names in other languages.",
};

/** Per language: what a description's words ask for (the layouts' keywords, pricing). */
export const LOCAL_KEYWORDS: Record<"vi" | "th", [RegExp, string][]> = {
  vi: [
    [/sự kiện|hội thảo|hội nghị|hội chợ|lễ hội|buổi gặp mặt|workshop|webinar|meetup/i, "event"],
    [/ứng dụng|\bapp\b|ra mắt|danh sách chờ|sắp ra mắt|phiên bản thử nghiệm/i, "app-launch"],
    [
      /agency|studio|công ty thiết kế|thiết kế thương hiệu|tư vấn|portfolio|hồ sơ năng lực/i,
      "agency",
    ],
    [/bản tin|newsletter|cộng đồng|podcast|blog/i, "newsletter"],
    [
      /sản phẩm|cửa hàng|\bshop\b|bán|cà phê|trà|bánh|mỹ phẩm|thời trang|quần áo|giày|túi|nội thất|nến|đồ handmade|trang sức/i,
      "product",
    ],
    [/phần mềm|nền tảng|saas|công cụ|startup|b2b|crm|quản lý/i, "saas"],
    [/khóa học|khoá học|lớp học|đào tạo|trung tâm (?:anh ngữ|ngoại ngữ)|luyện thi|dạy/i, "course"],
  ],
  th: [
    [/งานอีเวนต์|อีเวนต์|สัมมนา|การประชุม|เทศกาล|เวิร์กช็อป|เวิร์คช็อป|webinar|meetup/i, "event"],
    [/แอป|แอพ|แอปพลิเคชัน|เปิดตัว|ลงชื่อรอ|เร็ว ๆ นี้/i, "app-launch"],
    [/เอเจนซี|เอเจนซี่|สตูดิโอ|ที่ปรึกษา|รับออกแบบ|พอร์ตโฟลิโอ/i, "agency"],
    [/จดหมายข่าว|นิวส์เลตเตอร์|ชุมชน|พอดแคสต์|บล็อก/i, "newsletter"],
    [
      /สินค้า|ร้าน|ขาย|กาแฟ|ชา|ขนม|เครื่องสำอาง|เสื้อผ้า|รองเท้า|กระเป๋า|เฟอร์นิเจอร์|เทียน|เครื่องประดับ/i,
      "product",
    ],
    [/ซอฟต์แวร์|แพลตฟอร์ม|saas|เครื่องมือ|สตาร์ทอัพ|b2b|crm|ระบบจัดการ/i, "saas"],
    [/คอร์ส|หลักสูตร|ชั้นเรียน|สอน|เรียน|ติวเตอร์|อบรม/i, "course"],
  ],
};
export const LOCAL_PRICING: Record<"vi" | "th", RegExp> = {
  vi: /bảng giá|giá|gói cước|gói dịch vụ|học phí/i,
  th: /ราคา|แพ็กเกจ|แพ็คเกจ|ค่าเรียน/,
};
export const LOCAL_B2B: Record<"vi" | "th", RegExp> = {
  vi: /doanh nghiệp|\bb2b\b|cho công ty|cho đội nhóm/i,
  th: /องค์กร|ธุรกิจ|\bb2b\b|สำหรับทีม|บริษัท/i,
};

// "Tạo một trang đích cho …", "Làm giúp tôi landing page giới thiệu …", "Trang web về …".
const LEAD_IN: Record<"vi" | "th", RegExp> = {
  vi: new RegExp(
    String.raw`^(?:(?:hãy|xin|vui lòng|giúp tôi|giúp mình)\s+)*` +
      String
        .raw`(?:(?:tạo|làm|thiết kế|xây dựng|viết|dựng)\s+(?:giúp\s+)?(?:cho\s+)?(?:tôi|mình|chúng tôi)?\s*)?` +
      String.raw`(?:(?:một|1)\s+)?` +
      String
        .raw`(?:trang đích|trang web|trang landing|landing page|trang giới thiệu|website|trang)\s+` +
      String.raw`(?:(?:cho|về|giới thiệu|quảng bá|bán)\s+)`,
    "iu",
  ),
  th: new RegExp(
    String.raw`^(?:(?:ช่วย|กรุณา|โปรด)\s*)*` +
      String.raw`(?:(?:สร้าง|ทำ|ออกแบบ|เขียน)\s*(?:ให้\s*)?(?:หน่อย\s*)?)?` +
      String
        .raw`(?:หน้าแลนดิ้งเพจ|แลนดิ้งเพจ|หน้าเว็บไซต์|หน้าเว็บ|เว็บไซต์|landing page)\s*` +
      String.raw`(?:สำหรับ|เกี่ยวกับ|ของ|เพื่อขาย|เพื่อโปรโมต)\s*`,
    "iu",
  ),
};
// "… tên là Sen Việt", "… mang tên "Gạo""; "… ชื่อ บ้านสวน".
const NAMED: Record<"vi" | "th", RegExp> = {
  vi:
    /\s*,?\s*(?:có tên là|có tên|tên là|mang tên|gọi là)\s+(?:["“]([^"”]{1,40})["”]|([^\s,.!?;:][^,.!?;:]{0,39}?))(?=\s*(?:[,.!?;:]|$|\s+(?:với|gồm|bao gồm|tại|ở)\s))/iu,
  th: /\s*(?:ชื่อว่า|ที่ชื่อ|ชื่อ)\s*(?:["“]([^"”]{1,40})["”]|([^\s,.!?]{1,40}))/u,
};
// "… với lộ trình cá nhân hóa, giáo viên bản ngữ và lớp buổi tối."; "… พร้อม ครูเจ้าของภาษา และ …".
const WITH_LIST: Record<"vi" | "th", RegExp> = {
  vi: /,?\s+(?:với|gồm|bao gồm|có)\s+([^.!?]+)/iu,
  th: /\s*(?:พร้อม|มี|รวมถึง|ประกอบด้วย)\s*([^.!?]+)/u,
};
const SPLIT: Record<"vi" | "th", RegExp> = {
  vi: /\s*,\s*(?:và\s+)?|\s+và\s+/iu,
  th: /\s*,\s*|\s+และ\s*|\s+/u,
};

// A sentence that only asks for page parts ("Có bảng giá.", "มีแบบฟอร์มสมัคร"), not about the product.
const META_SENTENCE: Record<"vi" | "th", RegExp> = {
  vi:
    /^(?:(?:hãy|xin)\s+)?(?:có|thêm|kèm|cần|bao gồm|gồm)?\s*(?:bảng giá|giá|biểu mẫu|form|mẫu đăng ký|phần đăng ký|câu hỏi thường gặp|đánh giá|đếm ngược)(?:\s[^.!?]*)?[.!?]?$/iu,
  th: /^(?:มี|เพิ่ม|ใส่)?\s*(?:ราคา|แพ็กเกจ|แพ็คเกจ|ฟอร์ม|แบบฟอร์ม|คำถามที่พบบ่อย|รีวิว|นับถอยหลัง)/u,
};

const clip = (s: string, max: number) => {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(" ") > max / 2 ? cut.lastIndexOf(" ") : cut.length)}…`;
};
const trimPunct = (s: string) => s.trim().replace(/^[\s,;:—–-]+|[\s,;:—–-]+$/g, "");
const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase("vi") + s.slice(1);

/** A Vietnamese or Thai description read as generate.ts reads English ones. */
export function readLocalDescription(description: string, locale: "vi" | "th") {
  const text = description.trim().replace(/\s+/g, " ");
  const core = text.replace(LEAD_IN[locale], "").trim() || text;
  const [first, ...rest] = core.split(/(?<=[.!?])\s+/);
  let claim = first.replace(/[.!?]+$/, "");
  let name: string | null = null;
  const named = claim.match(NAMED[locale]) ?? core.match(NAMED[locale]);
  if (named) {
    name = trimPunct(named[1] ?? named[2]);
    claim = claim.replace(NAMED[locale], "");
  }
  let features: string[] = [];
  const listed = claim.match(WITH_LIST[locale]);
  if (listed) {
    const items = listed[1].split(SPLIT[locale]).map(trimPunct).filter((f) => f.length > 2);
    if (items.length >= 2) {
      features = items;
      claim = claim.replace(WITH_LIST[locale], "");
    }
  }
  claim = trimPunct(claim);
  const headline = clip(
    name && claim && !claim.includes(name)
      ? `${name} — ${claim}`
      : capitalise(claim || name || text),
    120,
  );
  const subheadline = rest.filter((r) => !META_SENTENCE[locale].test(r.trim())).join(" ") ||
    (features.length >= 2 ? `${capitalise(features.join(locale === "vi" ? ", " : " "))}.` : "");
  return {
    name: name ? clip(name, 60) : null,
    headline,
    subheadline: clip(locale === "th" ? subheadline.replace(/\.$/, "") : subheadline, 300),
    features: features.slice(0, 4).map((f) => clip(capitalise(f), 60)),
  };
}

type FeatureItem = { icon: string; title: string; text: string };
/** What the generator writes itself, per layout, when the description does not say. */
export interface GeneratedWords {
  subheadline: string;
  ctaText?: string;
  features?: { title: string; items: FeatureItem[] };
  testimonials?: { quote: string; author: string; role: string }[];
  /** The generic layout's form (a course asks for a trial lesson, anything else for contact). */
  form?: { title: string; submit: string; success: string; cta: string };
}

/** The generator's own words that are not tied to a layout. */
export interface PageWords {
  whatYouGet: string;
  buyNow: string;
  ctaFor: (name: string) => string;
  ctaDefault: string;
  pricing: string;
  basic: { name: string; features: string[] };
  plus: { name: string; price: string | null; cta: string; features: string[] };
  contact: string;
}

export const PAGE_WORDS: Record<PageLocale, PageWords> = {
  en: {
    whatYouGet: "What you get",
    buyNow: "Buy now",
    ctaFor: (name) => `Get ${name} today`,
    ctaDefault: "Ready when you are",
    pricing: "Pricing",
    basic: { name: "Basic", features: ["All the essentials", "Email support"] },
    plus: {
      name: "Plus",
      price: null,
      cta: "Choose Plus",
      features: ["Everything in Basic", "Priority support", "New features first"],
    },
    contact: "Contact",
  },
  vi: {
    whatYouGet: "Bạn nhận được gì",
    buyNow: "Mua ngay",
    ctaFor: (name) => `Sở hữu ${name} ngay hôm nay`,
    ctaDefault: "Sẵn sàng khi bạn cần",
    pricing: "Bảng giá",
    basic: { name: "Cơ bản", features: ["Đầy đủ những gì cần thiết", "Hỗ trợ qua email"] },
    plus: {
      name: "Nâng cao",
      price: "190.000 ₫",
      cta: "Chọn gói Nâng cao",
      features: ["Mọi quyền lợi của gói Cơ bản", "Hỗ trợ ưu tiên", "Dùng tính năng mới sớm nhất"],
    },
    contact: "Liên hệ",
  },
  th: {
    whatYouGet: "สิ่งที่คุณจะได้รับ",
    buyNow: "ซื้อเลย",
    ctaFor: (name) => `เป็นเจ้าของ ${name} วันนี้`,
    ctaDefault: "พร้อมเมื่อคุณพร้อม",
    pricing: "ราคา",
    basic: { name: "เบสิก", features: ["ครบทุกสิ่งที่จำเป็น", "ช่วยเหลือทางอีเมล"] },
    plus: {
      name: "พลัส",
      price: "฿290",
      cta: "เลือกแพ็กเกจพลัส",
      features: ["ทุกอย่างในแพ็กเกจเบสิก", "ช่วยเหลือแบบเร่งด่วน", "ได้ใช้ฟีเจอร์ใหม่ก่อนใคร"],
    },
    contact: "ติดต่อเรา",
  },
};

const EN_GENERATED: Record<string, GeneratedWords> = {
  saas: { subheadline: "Everything you need in one place. Get started in minutes." },
  "app-launch": {
    subheadline: "Launching soon. Join the waitlist to hear first.",
    features: {
      title: "Why join early",
      items: [
        { icon: "🚀", title: "Early access", text: "Be among the first to try it." },
        { icon: "💬", title: "Shape what we build", text: "Early members tell us what matters." },
        { icon: "🔔", title: "Launch news", text: "One email when we go live. No spam." },
      ],
    },
  },
  event: { subheadline: "Registration is open. Save your seat." },
  agency: { subheadline: "Tell us about your project. We'd love to hear from you." },
  newsletter: { subheadline: "Subscribe and get every issue in your inbox." },
  product: {
    subheadline: "Made with care, built to last.",
    ctaText: "Buy now",
    features: {
      title: "Why you'll love it",
      items: [
        { icon: "✨", title: "Thoughtfully designed", text: "Every detail considered." },
        { icon: "🛠️", title: "Built to last", text: "Quality materials throughout." },
        { icon: "👌", title: "Easy to use", text: "Works the way you expect." },
      ],
    },
    testimonials: [
      { quote: "Even better in person.", author: "Alex K.", role: "Verified buyer" },
      { quote: "Arrived quickly and works perfectly.", author: "Rina M.", role: "Verified buyer" },
      { quote: "I bought a second one as a gift.", author: "Tom B.", role: "Verified buyer" },
    ],
  },
  generic: {
    subheadline: "Get in touch — we'd love to hear from you.",
    form: {
      title: "Get in touch",
      submit: "Send",
      success: "Thanks! We'll get back to you soon.",
      cta: "Get in touch",
    },
  },
};

const VI_GENERATED: Record<string, GeneratedWords> = {
  saas: { subheadline: "Mọi thứ bạn cần trong một nơi. Bắt đầu chỉ trong vài phút." },
  "app-launch": {
    subheadline: "Sắp ra mắt. Đăng ký để là người đầu tiên nhận tin.",
    features: {
      title: "Vì sao nên tham gia sớm",
      items: [
        { icon: "🚀", title: "Trải nghiệm sớm", text: "Là một trong những người dùng đầu tiên." },
        {
          icon: "💬",
          title: "Cùng định hình sản phẩm",
          text: "Góp ý của bạn quyết định điều chúng tôi làm.",
        },
        { icon: "🔔", title: "Tin ra mắt", text: "Chỉ một email khi ra mắt. Không thư rác." },
      ],
    },
  },
  event: { subheadline: "Đã mở đăng ký. Hãy giữ chỗ cho bạn ngay hôm nay." },
  agency: {
    subheadline: "Hãy kể cho chúng tôi về dự án của bạn. Chúng tôi rất mong được lắng nghe.",
  },
  newsletter: { subheadline: "Đăng ký để nhận mọi số bản tin ngay trong hộp thư." },
  product: {
    subheadline: "Chăm chút từng chi tiết, bền bỉ theo thời gian.",
    ctaText: "Mua ngay",
    features: {
      title: "Vì sao bạn sẽ yêu thích",
      items: [
        { icon: "✨", title: "Thiết kế tinh tế", text: "Từng chi tiết đều được cân nhắc kỹ." },
        { icon: "🛠️", title: "Bền bỉ", text: "Chất liệu tốt từ trong ra ngoài." },
        { icon: "👌", title: "Dễ sử dụng", text: "Dùng đúng như bạn mong đợi." },
      ],
    },
    testimonials: [
      { quote: "Ngoài đời còn đẹp hơn trong ảnh.", author: "Ngọc Trâm", role: "Đã mua hàng" },
      { quote: "Giao hàng nhanh, dùng rất ổn.", author: "Minh Khoa", role: "Đã mua hàng" },
      { quote: "Tôi đã mua thêm một chiếc để làm quà.", author: "Thu Trang", role: "Đã mua hàng" },
    ],
  },
  course: {
    subheadline: "Lộ trình rõ ràng, lịch học linh hoạt. Đăng ký để được tư vấn miễn phí.",
    features: {
      title: "Vì sao học với chúng tôi",
      items: [
        { icon: "🎯", title: "Lộ trình phù hợp", text: "Kiểm tra đầu vào và học đúng trình độ." },
        { icon: "🧑‍🏫", title: "Giảng viên tận tâm", text: "Theo sát tiến bộ của từng học viên." },
        { icon: "🕖", title: "Lịch học linh hoạt", text: "Lớp buổi tối và cuối tuần." },
      ],
    },
    form: {
      title: "Đăng ký học thử miễn phí",
      submit: "Đăng ký",
      success: "Cảm ơn bạn! Chúng tôi sẽ gọi lại để tư vấn trong vòng 24 giờ.",
      cta: "Đăng ký học thử",
    },
  },
  generic: {
    subheadline: "Liên hệ với chúng tôi — chúng tôi rất mong được lắng nghe bạn.",
    form: {
      title: "Liên hệ với chúng tôi",
      submit: "Gửi",
      success: "Cảm ơn bạn! Chúng tôi sẽ phản hồi sớm.",
      cta: "Liên hệ ngay",
    },
  },
};

const TH_GENERATED: Record<string, GeneratedWords> = {
  saas: { subheadline: "ทุกสิ่งที่คุณต้องการในที่เดียว เริ่มใช้งานได้ในไม่กี่นาที" },
  "app-launch": {
    subheadline: "เร็ว ๆ นี้ ลงชื่อไว้เพื่อรู้ข่าวก่อนใคร",
    features: {
      title: "ทำไมควรลงชื่อตั้งแต่ตอนนี้",
      items: [
        { icon: "🚀", title: "ได้ใช้ก่อนใคร", text: "เป็นกลุ่มแรกที่ได้ลองใช้งาน" },
        { icon: "💬", title: "ร่วมกำหนดทิศทาง", text: "ความเห็นของคุณช่วยให้เรารู้ว่าอะไรสำคัญ" },
        { icon: "🔔", title: "ข่าวการเปิดตัว", text: "อีเมลเพียงฉบับเดียวเมื่อเปิดตัว ไม่มีสแปม" },
      ],
    },
  },
  event: { subheadline: "เปิดรับลงทะเบียนแล้ว จองที่นั่งของคุณได้เลย" },
  agency: { subheadline: "เล่าเรื่องโปรเจกต์ของคุณให้เราฟัง เรายินดีรับฟังเสมอ" },
  newsletter: { subheadline: "สมัครรับข่าวสารแล้วรับทุกฉบับตรงถึงกล่องจดหมาย" },
  product: {
    subheadline: "ใส่ใจทุกรายละเอียด ทนทานใช้ได้นาน",
    ctaText: "ซื้อเลย",
    features: {
      title: "ทำไมคุณจะหลงรัก",
      items: [
        { icon: "✨", title: "ออกแบบอย่างพิถีพิถัน", text: "คิดมาแล้วทุกรายละเอียด" },
        { icon: "🛠️", title: "ทนทาน", text: "วัสดุคุณภาพในทุกชิ้นส่วน" },
        { icon: "👌", title: "ใช้งานง่าย", text: "ใช้ได้อย่างที่คุณคาดหวัง" },
      ],
    },
    testimonials: [
      { quote: "ของจริงสวยกว่าในรูปอีก", author: "ณัฐ ก.", role: "ผู้ซื้อที่ยืนยันแล้ว" },
      { quote: "จัดส่งไว ใช้งานได้ดีมาก", author: "รินรดา ม.", role: "ผู้ซื้อที่ยืนยันแล้ว" },
      { quote: "ซื้อเพิ่มอีกชิ้นไว้เป็นของขวัญ", author: "ต้น บ.", role: "ผู้ซื้อที่ยืนยันแล้ว" },
    ],
  },
  course: {
    subheadline: "หลักสูตรชัดเจน เลือกเวลาเรียนได้ สมัครเพื่อรับคำปรึกษาฟรี",
    features: {
      title: "ทำไมต้องเรียนกับเรา",
      items: [
        { icon: "🎯", title: "เรียนตรงระดับ", text: "วัดระดับก่อนเริ่มเรียนเพื่อแผนที่เหมาะกับคุณ" },
        { icon: "🧑‍🏫", title: "ผู้สอนใส่ใจ", text: "ติดตามพัฒนาการของผู้เรียนทุกคน" },
        { icon: "🕖", title: "เวลาเรียนยืดหยุ่น", text: "มีรอบเย็นและวันหยุดสุดสัปดาห์" },
      ],
    },
    form: {
      title: "สมัครทดลองเรียนฟรี",
      submit: "สมัคร",
      success: "ขอบคุณ! เราจะติดต่อกลับเพื่อให้คำปรึกษาภายใน 24 ชั่วโมง",
      cta: "สมัครทดลองเรียน",
    },
  },
  generic: {
    subheadline: "ติดต่อเราได้เลย เรายินดีรับฟังคุณเสมอ",
    form: {
      title: "ติดต่อเรา",
      submit: "ส่ง",
      success: "ขอบคุณ! เราจะติดต่อกลับโดยเร็ว",
      cta: "ติดต่อเรา",
    },
  },
};

export const GENERATED_WORDS: Record<PageLocale, Record<string, GeneratedWords>> = {
  en: EN_GENERATED,
  vi: VI_GENERATED,
  th: TH_GENERATED,
};
