// The "saas" starter layout, in English, Vietnamese and Thai.
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
    headline: "Ship your product faster",
    sub: "The all-in-one platform that turns ideas into revenue in days, not months.",
    cta: "Start free trial",
    featuresTitle: "Everything you need",
    featuresSub: "Powerful building blocks with none of the busywork.",
    features: [
      ["⚡", "Fast setup", "Go live in minutes with sensible defaults."],
      ["🔒", "Secure by default", "Encryption, SSO and audit logs included."],
      ["📈", "Analytics", "See what converts and double down."],
    ],
    pricingTitle: "Simple pricing",
    period: "mo",
    plans: [
      ["Starter", "$0", ["1 project", "Community support"], "Get started"],
      ["Pro", "$29", ["Unlimited projects", "Priority support", "Custom domain"], "Go Pro"],
      ["Team", "$99", ["Everything in Pro", "SSO", "Audit logs"], "Contact sales"],
    ],
    quotesTitle: "Loved by teams",
    quotes: [
      ["We launched two weeks early.", "Maya Chen", "CTO, Brightline"],
      ["Our signups doubled in a month.", "Luis Ortega", "Founder, Tidy"],
      ["The support team is fantastic.", "Priya Rao", "PM, Nimbus"],
    ],
    faqTitle: "Questions",
    faq: [
      ["Is there a free trial?", "Yes, 14 days with every feature."],
      ["Can I cancel any time?", "Yes, with one click from your account."],
    ],
    formTitle: "Start your free trial",
    submit: "Create my account",
  },
  vi: {
    headline: "Ra mắt sản phẩm nhanh hơn",
    sub: "Nền tảng tất cả trong một giúp biến ý tưởng thành doanh thu chỉ trong vài ngày.",
    cta: "Dùng thử miễn phí",
    featuresTitle: "Mọi thứ bạn cần",
    featuresSub: "Công cụ mạnh mẽ, không còn việc lặt vặt tốn thời gian.",
    features: [
      ["⚡", "Thiết lập nhanh", "Hoạt động chỉ sau vài phút với cấu hình sẵn hợp lý."],
      ["🔒", "Bảo mật sẵn có", "Mã hóa, đăng nhập một lần và nhật ký kiểm tra đi kèm."],
      ["📈", "Số liệu phân tích", "Biết điều gì mang lại khách hàng để tập trung vào đó."],
    ],
    pricingTitle: "Bảng giá đơn giản",
    period: "tháng",
    plans: [
      ["Khởi đầu", "0 ₫", ["1 dự án", "Hỗ trợ qua cộng đồng"], "Bắt đầu ngay"],
      ["Chuyên nghiệp", "690.000 ₫", [
        "Không giới hạn dự án",
        "Hỗ trợ ưu tiên",
        "Tên miền riêng",
      ], "Nâng cấp"],
      ["Doanh nghiệp", "2.290.000 ₫", [
        "Mọi tính năng của gói Chuyên nghiệp",
        "Đăng nhập một lần",
        "Nhật ký kiểm tra",
      ], "Liên hệ tư vấn"],
    ],
    quotesTitle: "Được các đội ngũ yêu thích",
    quotes: [
      ["Chúng tôi ra mắt sớm hơn hai tuần.", "Nguyễn Minh Anh", "Giám đốc công nghệ, Sao Mai"],
      ["Lượt đăng ký tăng gấp đôi chỉ sau một tháng.", "Trần Quốc Bảo", "Nhà sáng lập, Gọn"],
      ["Đội ngũ hỗ trợ rất tận tâm.", "Lê Thu Hà", "Quản lý sản phẩm, Mây Xanh"],
    ],
    faqTitle: "Câu hỏi thường gặp",
    faq: [
      ["Có dùng thử miễn phí không?", "Có, 14 ngày với đầy đủ tính năng."],
      ["Tôi có thể hủy bất cứ lúc nào không?", "Có, chỉ với một cú nhấp trong tài khoản."],
    ],
    formTitle: "Bắt đầu dùng thử miễn phí",
    submit: "Tạo tài khoản",
  },
  th: {
    headline: "เปิดตัวผลิตภัณฑ์ได้เร็วกว่าเดิม",
    sub: "แพลตฟอร์มครบวงจรที่เปลี่ยนไอเดียให้เป็นรายได้ภายในไม่กี่วัน",
    cta: "ทดลองใช้ฟรี",
    featuresTitle: "ทุกอย่างที่คุณต้องการ",
    featuresSub: "เครื่องมือทรงพลังโดยไม่ต้องเสียเวลากับงานจุกจิก",
    features: [
      ["⚡", "ตั้งค่ารวดเร็ว", "พร้อมใช้งานในไม่กี่นาทีด้วยค่าเริ่มต้นที่เหมาะสม"],
      ["🔒", "ปลอดภัยตั้งแต่เริ่ม", "มีการเข้ารหัส การลงชื่อเข้าใช้ครั้งเดียว และบันทึกการตรวจสอบ"],
      ["📈", "การวิเคราะห์", "รู้ว่าอะไรได้ผลแล้วทุ่มให้เต็มที่"],
    ],
    pricingTitle: "ราคาเข้าใจง่าย",
    period: "เดือน",
    plans: [
      ["เริ่มต้น", "฿0", ["1 โปรเจกต์", "ความช่วยเหลือจากชุมชน"], "เริ่มใช้งาน"],
      ["โปร", "฿990", ["โปรเจกต์ไม่จำกัด", "บริการช่วยเหลือแบบเร่งด่วน", "โดเมนของคุณเอง"], "อัปเกรดเป็นโปร"],
      ["ทีม", "฿3,290", ["ทุกอย่างในแพ็กเกจโปร", "ลงชื่อเข้าใช้ครั้งเดียว", "บันทึกการตรวจสอบ"], "ติดต่อฝ่ายขาย"],
    ],
    quotesTitle: "ทีมต่าง ๆ ชื่นชอบ",
    quotes: [
      ["เราเปิดตัวได้เร็วขึ้นสองสัปดาห์", "สมชาย ใจดี", "หัวหน้าฝ่ายเทคโนโลยี, ไบรต์ไลน์"],
      ["ยอดสมัครเพิ่มเป็นสองเท่าในหนึ่งเดือน", "วรรณา ศรีสุข", "ผู้ก่อตั้ง, ไทดี้"],
      ["ทีมซัพพอร์ตดูแลดีมาก", "ปริยา รัตนกุล", "ผู้จัดการผลิตภัณฑ์, นิมบัส"],
    ],
    faqTitle: "คำถามที่พบบ่อย",
    faq: [
      ["มีช่วงทดลองใช้ฟรีไหม", "มี ทดลองใช้ได้ 14 วันพร้อมทุกฟีเจอร์"],
      ["ยกเลิกได้ตลอดเวลาไหม", "ได้ เพียงคลิกเดียวจากบัญชีของคุณ"],
    ],
    formTitle: "เริ่มทดลองใช้ฟรี",
    submit: "สร้างบัญชีของฉัน",
  },
} satisfies Record<PageLocale, unknown>;

export default {
  id: "saas",
  name: "SaaS product",
  description: "Hero, features, pricing, testimonials, FAQ and a signup form.",
  content: (locale: PageLocale = "en") => {
    const c = COPY[locale];
    return {
      theme: theme("#4f46e5"),
      locale,
      blocks: [
        block("hero", {
          headline: c.headline,
          subheadline: c.sub,
          ctaText: c.cta,
          ctaHref: formAnchor("signup"),
        }),
        block("features", {
          title: c.featuresTitle,
          subtitle: c.featuresSub,
          columns: 3,
          items: c.features.map(([icon, title, text]) => ({ icon, title, text })),
        }),
        block("pricing", {
          title: c.pricingTitle,
          plans: c.plans.map(([name, price, features, ctaText], i) => ({
            name,
            price,
            period: c.period,
            features,
            ctaText,
            ctaHref: formAnchor("signup"),
            highlighted: i === 1,
          })),
        }),
        block("testimonials", {
          title: c.quotesTitle,
          items: c.quotes.map(([quote, author, role]) => ({ quote, author, role })),
        }),
        block("faq", {
          title: c.faqTitle,
          items: c.faq.map(([question, answer]) => ({ question, answer })),
        }),
        signupForm("signup", c.formTitle, c.submit, { b2b: true, locale }),
        footer("Acme Inc.", [{ label: c.cta, href: formAnchor("signup") }], locale),
      ],
    };
  },
} satisfies Starter;
