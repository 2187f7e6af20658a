// TEMPORARY (koc-stories screenshots): mounts StoriesSection until the campaign page wires it in. Remove before merging.
import { useParams } from 'react-router';
import { MobilePage } from '../components/Page';
import { StoriesSection } from './StoriesSection';

export default function DevStoriesPage() {
  const { slug = '' } = useParams();
  return <MobilePage title="安心厨房计划">{<StoriesSection slug={slug} />}</MobilePage>;
}
